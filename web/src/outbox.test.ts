import { describe, expect, it } from "vitest";
import { outcomeOf } from "./outbox";

describe("outcomeOf", () => {
  it("counts a new case and a repeat answered with the same case as sent", () => {
    expect(outcomeOf(201)).toBe("sent");
    expect(outcomeOf(200)).toBe("sent");
  });
  it("keeps the report when the connection or the server failed", () => {
    expect(outcomeOf("network")).toBe("keep");
    expect(outcomeOf(503)).toBe("keep");
    expect(outcomeOf(500)).toBe("keep");
    expect(outcomeOf(429)).toBe("keep");
  });
  it("gives up a report the server refused as it is", () => {
    expect(outcomeOf(400)).toBe("refused");
    expect(outcomeOf(409)).toBe("refused");
    expect(outcomeOf(413)).toBe("refused");
  });
});
