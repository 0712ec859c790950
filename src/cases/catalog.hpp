#pragma once

// The city as Ratusz serves it: jurisdictions (tenants), departments (city units) and
// services (report categories, Open311 "services") with their attribute definitions.
// Plain data, built once from configuration and then read-only, so it is safe to share
// between threads without locking.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace ratusz::cases {

// A text in both languages Ratusz speaks. `en` falls back to `pl` when empty.
struct LocalizedText {
  std::string pl;
  std::string en;

  const std::string& In(std::string_view lang) const {
    return (lang == "en" && !en.empty()) ? en : pl;
  }
};

struct Bounds {
  double south = 0;
  double west = 0;
  double north = 0;
  double east = 0;

  bool Contains(double lat, double lon) const {
    return lat >= south && lat <= north && lon >= west && lon <= east;
  }
};

struct Jurisdiction {
  std::string id;  // Open311 jurisdiction_id, e.g. "wroclaw.pl".
  LocalizedText name;
  std::string time_zone;  // IANA name, e.g. "Europe/Warsaw".
  std::string locale;     // "pl" or "en": the default language of answers.
  double center_lat = 0;
  double center_lon = 0;
  std::optional<Bounds> bounds;  // Reports outside are rejected when set.
  std::string service_notice;    // Shown after a report, unless the service has its own.
};

struct Department {
  std::string id;  // e.g. "city-guard".
  LocalizedText name;
  std::vector<std::string> jurisdictions;
};

enum class AttributeType { kString, kNumber, kDatetime, kText, kSingleValueList, kMultiValueList };

std::string_view AttributeTypeName(AttributeType type);
std::optional<AttributeType> ParseAttributeType(std::string_view name);

struct AttributeOption {
  std::string key;
  LocalizedText name;
};

struct AttributeDefinition {
  std::string code;      // ASCII, unique within the service.
  bool variable = true;  // false: information shown to the resident, not a question.
  AttributeType datatype = AttributeType::kString;
  bool required = false;
  int order = 0;  // 1 is shown first.
  LocalizedText description;
  LocalizedText datatype_description;
  std::vector<AttributeOption> values;  // For the list types.

  const AttributeOption* FindValue(std::string_view key) const;
};

enum class ServiceType { kRealtime, kBatch, kBlackbox };

std::string_view ServiceTypeName(ServiceType type);
std::optional<ServiceType> ParseServiceType(std::string_view name);

struct ServiceGroup {
  std::string id;
  LocalizedText name;
};

struct Service {
  std::string code;  // Open311 service_code, ASCII.
  LocalizedText name;
  LocalizedText description;
  std::string group;  // ServiceGroup::id
  std::vector<std::string> keywords;
  ServiceType type = ServiceType::kRealtime;
  std::vector<std::string> jurisdictions;  // Where the service is offered.
  std::string department;                  // Department::id responsible by default.
  LocalizedText service_notice;
  std::vector<AttributeDefinition> attributes;  // Sorted by `order`.

  bool OfferedIn(std::string_view jurisdiction_id) const;
  const AttributeDefinition* FindAttribute(std::string_view code) const;
};

// Read-only index of the configured city. Construct with Catalog::Build, which checks that
// every reference resolves and every code is unique and URL-safe.
class Catalog {
 public:
  [[nodiscard]] static Result<Catalog> Build(std::vector<Jurisdiction> jurisdictions,
                                             std::vector<Department> departments,
                                             std::vector<ServiceGroup> groups,
                                             std::vector<Service> services);

  const std::vector<Jurisdiction>& jurisdictions() const { return jurisdictions_; }
  const std::vector<Department>& departments() const { return departments_; }
  const std::vector<ServiceGroup>& groups() const { return groups_; }
  const std::vector<Service>& services() const { return services_; }

  const Jurisdiction* FindJurisdiction(std::string_view id) const;
  const Department* FindDepartment(std::string_view id) const;
  const ServiceGroup* FindGroup(std::string_view id) const;
  // The service with that code offered in that jurisdiction, or null.
  const Service* FindService(std::string_view jurisdiction_id, std::string_view code) const;

 private:
  std::vector<Jurisdiction> jurisdictions_;
  std::vector<Department> departments_;
  std::vector<ServiceGroup> groups_;
  std::vector<Service> services_;
};

// True for codes made of ASCII letters, digits, '-', '_' and '.', 1 to 64 long: safe in a
// URL path and in FixMyStreet's attribute[CODE] form fields.
bool IsSafeCode(std::string_view code);

}  // namespace ratusz::cases
