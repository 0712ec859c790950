#include "cases/catalog.hpp"

#include <algorithm>
#include <set>

namespace ratusz::cases {
namespace {

struct TypeName {
  AttributeType type;
  std::string_view name;
};
constexpr TypeName kAttributeTypes[] = {
    {AttributeType::kString, "string"},
    {AttributeType::kNumber, "number"},
    {AttributeType::kDatetime, "datetime"},
    {AttributeType::kText, "text"},
    {AttributeType::kSingleValueList, "singlevaluelist"},
    {AttributeType::kMultiValueList, "multivaluelist"},
};

Error ConfigError(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

std::string_view AttributeTypeName(AttributeType type) {
  for (const auto& t : kAttributeTypes) {
    if (t.type == type) {
      return t.name;
    }
  }
  return "string";
}

std::optional<AttributeType> ParseAttributeType(std::string_view name) {
  for (const auto& t : kAttributeTypes) {
    if (t.name == name) {
      return t.type;
    }
  }
  return std::nullopt;
}

std::string_view ServiceTypeName(ServiceType type) {
  switch (type) {
    case ServiceType::kRealtime:
      return "realtime";
    case ServiceType::kBatch:
      return "batch";
    case ServiceType::kBlackbox:
      return "blackbox";
  }
  return "realtime";
}

std::optional<ServiceType> ParseServiceType(std::string_view name) {
  for (const auto type : {ServiceType::kRealtime, ServiceType::kBatch, ServiceType::kBlackbox}) {
    if (ServiceTypeName(type) == name) {
      return type;
    }
  }
  return std::nullopt;
}

const AttributeOption* AttributeDefinition::FindValue(std::string_view key) const {
  for (const auto& v : values) {
    if (v.key == key) {
      return &v;
    }
  }
  return nullptr;
}

bool Service::OfferedIn(std::string_view jurisdiction_id) const {
  return std::find(jurisdictions.begin(), jurisdictions.end(), jurisdiction_id) !=
         jurisdictions.end();
}

const AttributeDefinition* Service::FindAttribute(std::string_view attribute_code) const {
  for (const auto& a : attributes) {
    if (a.code == attribute_code) {
      return &a;
    }
  }
  return nullptr;
}

bool IsSafeCode(std::string_view code) {
  if (code.empty() || code.size() > 64) {
    return false;
  }
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

Result<Catalog> Catalog::Build(std::vector<Jurisdiction> jurisdictions,
                               std::vector<Department> departments,
                               std::vector<ServiceGroup> groups, std::vector<Service> services) {
  Catalog c;
  if (jurisdictions.empty()) {
    return ConfigError("at least one jurisdiction must be configured");
  }
  std::set<std::string> seen;
  for (const auto& j : jurisdictions) {
    if (!IsSafeCode(j.id) || !seen.insert(j.id).second) {
      return ConfigError("jurisdiction id '" + j.id + "' is empty, not URL-safe or repeated");
    }
    if (j.bounds && (j.bounds->south >= j.bounds->north || j.bounds->west >= j.bounds->east)) {
      return ConfigError("jurisdiction '" + j.id + "' has bounds with south>=north or west>=east");
    }
  }
  c.jurisdictions_ = std::move(jurisdictions);

  seen.clear();
  for (const auto& d : departments) {
    if (!IsSafeCode(d.id) || !seen.insert(d.id).second) {
      return ConfigError("department id '" + d.id + "' is empty, not URL-safe or repeated");
    }
    for (const auto& j : d.jurisdictions) {
      if (!c.FindJurisdiction(j)) {
        return ConfigError("department '" + d.id + "' names unknown jurisdiction '" + j + "'");
      }
    }
  }
  c.departments_ = std::move(departments);

  seen.clear();
  for (const auto& g : groups) {
    if (!IsSafeCode(g.id) || !seen.insert(g.id).second) {
      return ConfigError("group id '" + g.id + "' is empty, not URL-safe or repeated");
    }
  }
  c.groups_ = std::move(groups);

  std::set<std::pair<std::string, std::string>> codes;
  for (auto& s : services) {
    if (!IsSafeCode(s.code)) {
      return ConfigError("service code '" + s.code + "' must be ASCII letters, digits, - _ .");
    }
    if (s.name.pl.empty()) {
      return ConfigError("service '" + s.code + "' has no Polish name");
    }
    if (!s.group.empty() && !c.FindGroup(s.group)) {
      return ConfigError("service '" + s.code + "' names unknown group '" + s.group + "'");
    }
    if (!s.department.empty() && !c.FindDepartment(s.department)) {
      return ConfigError("service '" + s.code + "' names unknown department '" + s.department +
                         "'");
    }
    if (s.jurisdictions.empty()) {
      return ConfigError("service '" + s.code + "' is offered in no jurisdiction");
    }
    for (const auto& j : s.jurisdictions) {
      if (!c.FindJurisdiction(j)) {
        return ConfigError("service '" + s.code + "' names unknown jurisdiction '" + j + "'");
      }
      if (!codes.insert({j, s.code}).second) {
        return ConfigError("service code '" + s.code + "' is repeated in '" + j + "'");
      }
    }
    std::set<std::string> attribute_codes;
    std::set<int> orders;
    for (const auto& a : s.attributes) {
      if (!IsSafeCode(a.code) || !attribute_codes.insert(a.code).second) {
        return ConfigError("service '" + s.code + "' has an empty, unsafe or repeated attribute '" +
                           a.code + "'");
      }
      if (a.order < 1 || !orders.insert(a.order).second) {
        return ConfigError("attribute '" + a.code + "' of service '" + s.code +
                           "' needs a unique order >= 1");
      }
      const bool is_list = a.datatype == AttributeType::kSingleValueList ||
                           a.datatype == AttributeType::kMultiValueList;
      if (is_list && a.values.empty()) {
        return ConfigError("list attribute '" + a.code + "' of service '" + s.code +
                           "' has no values");
      }
      std::set<std::string> keys;
      for (const auto& v : a.values) {
        if (v.key.empty() || !keys.insert(v.key).second) {
          return ConfigError("attribute '" + a.code + "' of service '" + s.code +
                             "' has an empty or repeated value key");
        }
      }
    }
    std::sort(s.attributes.begin(), s.attributes.end(),
              [](const auto& a, const auto& b) { return a.order < b.order; });
  }
  c.services_ = std::move(services);
  return c;
}

const Jurisdiction* Catalog::FindJurisdiction(std::string_view id) const {
  for (const auto& j : jurisdictions_) {
    if (j.id == id) {
      return &j;
    }
  }
  return nullptr;
}

const Department* Catalog::FindDepartment(std::string_view id) const {
  for (const auto& d : departments_) {
    if (d.id == id) {
      return &d;
    }
  }
  return nullptr;
}

const ServiceGroup* Catalog::FindGroup(std::string_view id) const {
  for (const auto& g : groups_) {
    if (g.id == id) {
      return &g;
    }
  }
  return nullptr;
}

const Service* Catalog::FindService(std::string_view jurisdiction_id, std::string_view code) const {
  for (const auto& s : services_) {
    if (s.code == code && s.OfferedIn(jurisdiction_id)) {
      return &s;
    }
  }
  return nullptr;
}

}  // namespace ratusz::cases
