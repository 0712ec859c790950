#include "cases/staff.hpp"

#include <algorithm>
#include <array>

#include "common/enum_names.hpp"

namespace ratusz::cases {
namespace {

constexpr NameTable<Role, 7> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kSupervisor, "supervisor"},
    {Role::kAgent, "agent"},
    {Role::kSpecialist, "specialist"},
    {Role::kExpert, "expert"},
    {Role::kAuditor, "auditor"},
    {Role::kEditor, "editor"},
}};

}  // namespace

std::string_view RoleName(Role role) { return NameOf(kRoles, role); }

std::optional<Role> ParseRole(std::string_view name) { return ValueOf(kRoles, name); }

bool Actor::ServesJurisdiction(std::string_view jurisdiction_id) const {
  return jurisdictions.empty() || std::find(jurisdictions.begin(), jurisdictions.end(),
                                            jurisdiction_id) != jurisdictions.end();
}

bool Actor::InDepartment(std::string_view department) const {
  return std::find(departments.begin(), departments.end(), department) != departments.end();
}

Actor Actor::System() { return Actor{"system", Role::kAdmin, {}, {}}; }

}  // namespace ratusz::cases
