import { afterEach, describe, expect, it, vi } from "vitest";
import { debounce } from "./debounce";

describe("debounce", () => {
  afterEach(() => vi.useRealTimers());
  it("runs once, with the last arguments, after the pause", () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const typed = debounce((q: string) => seen.push(q), 150);
    typed("s");
    typed("śm");
    typed("śmieci");
    vi.advanceTimersByTime(149);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(["śmieci"]);
  });
});
