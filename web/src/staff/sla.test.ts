import { describe, expect, it } from "vitest";
import { byUrgency, countdown } from "./sla";

const now = new Date("2026-11-29T12:00:00Z");

describe("countdown", () => {
  it("reads the time left in hours and minutes, or days and hours", () => {
    expect(countdown("2026-11-29T15:20:00Z", now, "pl")?.text).toBe("za 3 h 20 min");
    expect(countdown("2026-11-29T12:45:00Z", now, "en")?.text).toBe("in 45 min");
    expect(countdown("2026-12-02T16:00:00Z", now, "pl")?.text).toBe("za 3 d 4 h");
  });
  it("says a task is overdue, and by how much", () => {
    const late = countdown("2026-11-29T09:55:00Z", now, "pl");
    expect(late?.overdue).toBe(true);
    expect(late?.text).toBe("po terminie o 2 h 5 min");
    expect(countdown("2026-11-29T11:59:00Z", now, "en")?.text).toBe("overdue by 1 min");
  });
  it("has nothing to count without a deadline", () => {
    expect(countdown(null, now, "pl")).toBeNull();
  });
});

describe("byUrgency", () => {
  it("puts the overdue and nearest first and those without a deadline last", () => {
    const items = [
      { n: "later", due: "2026-11-30T12:00:00Z" },
      { n: "none", due: null },
      { n: "overdue", due: "2026-11-28T12:00:00Z" },
      { n: "soon", due: "2026-11-29T13:00:00Z" },
    ];
    expect(byUrgency(items, (i) => i.due).map((i) => i.n)).toEqual(["overdue", "soon", "later", "none"]);
  });
});
