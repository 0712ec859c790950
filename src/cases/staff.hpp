#pragma once

// Who acts on a case: staff roles and the person behind an action.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ratusz::cases {

// admin: everything; supervisor: all cases of their jurisdictions, SLA warnings; agent: first
// line (register, classify, inform); specialist: cases dispatched to their departments;
// expert: the expert line; auditor: reads the audit trail; editor: reviews and publishes the
// knowledge-base articles of their departments.
enum class Role { kAdmin, kSupervisor, kAgent, kSpecialist, kExpert, kAuditor, kEditor };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct Actor {
  std::string id;  // "user:ala", "open311:FixMyStreet", "system".
  Role role = Role::kAgent;
  std::vector<std::string> jurisdictions;  // Empty: all.
  std::vector<std::string> departments;

  bool ServesJurisdiction(std::string_view jurisdiction_id) const;
  bool InDepartment(std::string_view department) const;
  // The system itself (timers, intake): allowed everything.
  static Actor System();
};

}  // namespace ratusz::cases
