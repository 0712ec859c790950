import { describe, expect, it } from "vitest";
import { byGroup, findServices, fold, type Service } from "./categories";

const service = (code: string, name: string, keywords: string, group: string): Service => ({
  service_code: code,
  service_name: name,
  description: "",
  metadata: false,
  keywords,
  group,
});

const services = [
  service("pothole", "Dziura w jezdni", "dziura, wyrwa, nawierzchnia, pothole", "Drogi i chodniki"),
  service("street-light", "Niedziałająca latarnia", "latarnia, oświetlenie, street light", "Drogi i chodniki"),
  service("fallen-tree", "Powalone drzewo", "drzewo, konar, gałąź, tree", "Zieleń"),
  service("waste", "Przepełniony kosz", "śmieci, kosz, odpady", "Czystość"),
];

describe("categories", () => {
  it("folds Polish letters", () => {
    expect(fold("Źródłowa ŁÓDŹ")).toBe("zrodlowa lodz");
  });

  it("finds by name, keyword or group, with or without diacritics, as typed", () => {
    expect(findServices(services, "dziu").map((s) => s.service_code)).toEqual(["pothole"]);
    expect(findServices(services, "smieci").map((s) => s.service_code)).toEqual(["waste"]);
    expect(findServices(services, "galaz").map((s) => s.service_code)).toEqual(["fallen-tree"]);
    expect(findServices(services, "street light").map((s) => s.service_code)).toEqual(["street-light"]);
    expect(findServices(services, "drogi").map((s) => s.service_code)).toEqual(["pothole", "street-light"]);
  });

  it("puts a name match above a keyword match, and needs every word", () => {
    const list = [service("a", "Kosz", "", "X"), service("b", "Inne", "kosz", "X")];
    expect(findServices(list, "kosz").map((s) => s.service_code)).toEqual(["a", "b"]);
    expect(findServices(services, "dziura drzewo")).toEqual([]);
  });

  it("lists everything for an empty query, grouped in order", () => {
    expect(findServices(services, "  ")).toHaveLength(4);
    expect(byGroup(services).map(([g, l]) => [g, l.length])).toEqual([
      ["Drogi i chodniki", 2],
      ["Zieleń", 1],
      ["Czystość", 1],
    ]);
  });
});
