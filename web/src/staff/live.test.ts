import { describe, expect, it } from "vitest";
import { alertsOf, clock, percent, type QueueLive } from "./live";

const quiet: QueueLive = {
  queue: "voice-pl",
  waiting: 0,
  longest_wait_s: 0,
  offered: 10,
  answered: 10,
  abandoned: 0,
  abandon_rate: 0,
  service_level: 0.9,
  average_speed_of_answer_s: 8,
};
const target = [{ id: "voice-pl", service_level_seconds: 20, service_level_share: 0.8 }];

describe("alertsOf", () => {
  it("is silent while the queue keeps its targets", () => {
    expect(alertsOf([quiet], target)).toEqual([]);
  });
  it("calls out a long wait, a low service level and many callers giving up", () => {
    const busy = { ...quiet, waiting: 3, longest_wait_s: 45, service_level: 0.6, abandon_rate: 0.25 };
    expect(alertsOf([busy], target).map((a) => a.kind)).toEqual(["wait", "service_level", "abandon"]);
  });
  it("judges no service level before anything was offered, nor queues without targets", () => {
    expect(alertsOf([{ ...quiet, offered: 0, service_level: 0, abandon_rate: 1 }], target)).toEqual([]);
    expect(alertsOf([{ ...quiet, queue: "other", waiting: 9, longest_wait_s: 999 }], target)).toEqual([]);
  });
});

describe("clock and percent", () => {
  it("reads like a wallboard", () => {
    expect(clock(7)).toBe("0:07");
    expect(clock(750)).toBe("12:30");
    expect(clock(3723)).toBe("1:02:03");
    expect(percent(0.876)).toBe("88%");
    expect(percent(null)).toBe("—");
  });
});

describe("startOfDay", () => {
  it("is the city's midnight, in winter and in summer time", async () => {
    const { startOfDay } = await import("./live");
    expect(startOfDay(new Date("2026-11-29T14:30:00Z"), "Europe/Warsaw").toISOString()).toBe("2026-11-28T23:00:00.000Z");
    expect(startOfDay(new Date("2026-07-01T21:30:00Z"), "Europe/Warsaw").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(startOfDay(new Date("2026-07-01T23:30:00Z"), "Europe/Warsaw").toISOString()).toBe("2026-07-01T22:00:00.000Z");
  });
});
