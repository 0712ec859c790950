import { describe, expect, it } from "vitest";
import { pickLanguage, t } from "./i18n";

describe("pickLanguage", () => {
  it("keeps the resident's choice", () => {
    expect(pickLanguage("en", ["pl-PL"])).toBe("en");
    expect(pickLanguage("pl", ["en-GB"])).toBe("pl");
  });
  it("follows the browser: English for English, Polish for anything else", () => {
    expect(pickLanguage(null, ["en-US", "pl"])).toBe("en");
    expect(pickLanguage(null, ["uk-UA"])).toBe("pl");
    expect(pickLanguage("de", [])).toBe("pl");
  });
  it("has every text in both languages", () => {
    expect(t("faqHeading", "pl")).toBe("Najczęstsze pytania");
    expect(t("faqHeading", "en")).toBe("Frequently asked questions");
  });
});

describe("fill", () => {
  it("puts values into their placeholders and leaves unknown ones", async () => {
    const { fill, t } = await import("./i18n");
    expect(fill("{n} dni, {x}", { n: 7 })).toBe("7 dni, {x}");
    expect(t("days", "en", { n: 30 })).toBe("30 days");
  });
});
