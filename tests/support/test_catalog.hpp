#pragma once

#include "cases/catalog.hpp"

namespace ratusz::testing {

// A small city for unit tests: one jurisdiction with bounds, one department, two services,
// one of them with attributes of every type.
inline cases::Catalog TestCatalog() {
  cases::Jurisdiction j;
  j.id = "test.pl";
  j.name = {"Testowo", "Testville"};
  j.time_zone = "Europe/Warsaw";
  j.locale = "pl";
  j.bounds = cases::Bounds{51.0, 16.8, 51.2, 17.2};
  cases::Department d{"roads", {"Drogi", "Roads"}, {"test.pl"}};
  cases::ServiceGroup g{"streets", {"Ulice", "Streets"}};

  cases::Service plain;
  plain.code = "graffiti";
  plain.name = {"Graffiti", "Graffiti"};
  plain.group = "streets";
  plain.jurisdictions = {"test.pl"};
  plain.department = "roads";

  cases::Service rich;
  rich.code = "pothole";
  rich.name = {"Dziura", "Pothole"};
  rich.group = "streets";
  rich.jurisdictions = {"test.pl"};
  rich.department = "roads";
  auto attr = [](std::string code, cases::AttributeType type, bool required, int order) {
    cases::AttributeDefinition a;
    a.code = std::move(code);
    a.datatype = type;
    a.required = required;
    a.order = order;
    a.description = {"Pytanie", "Question"};
    return a;
  };
  auto size = attr("size", cases::AttributeType::kSingleValueList, true, 1);
  size.values = {{"small", {"mała", "small"}}, {"large", {"duża", "large"}}};
  auto hazards = attr("hazards", cases::AttributeType::kMultiValueList, false, 2);
  hazards.values = {{"water", {"woda", "water"}}, {"cars", {"auta", "cars"}}};
  rich.attributes = {size,
                     hazards,
                     attr("depth", cases::AttributeType::kNumber, false, 3),
                     attr("seen", cases::AttributeType::kDatetime, false, 4),
                     attr("plate", cases::AttributeType::kString, false, 5),
                     attr("notes", cases::AttributeType::kText, false, 6)};
  auto info = attr("info", cases::AttributeType::kString, false, 7);
  info.variable = false;
  rich.attributes.push_back(info);

  auto catalog = cases::Catalog::Build({j}, {d}, {g}, {plain, rich});
  return std::move(catalog).value();
}

}  // namespace ratusz::testing
