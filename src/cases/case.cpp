#include "cases/case.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "common/enum_names.hpp"

namespace ratusz::cases {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 13> kStatusNames = {{
    {Status::kOpen, "open"},
    {Status::kForTriage, "for_triage"},
    {Status::kInvestigating, "investigating"},
    {Status::kInProgress, "in_progress"},
    {Status::kPlanned, "planned"},
    {Status::kActionScheduled, "action_scheduled"},
    {Status::kInternalReferral, "internal_referral"},
    {Status::kFixed, "fixed"},
    {Status::kClosed, "closed"},
    {Status::kDuplicate, "duplicate"},
    {Status::kNotCouncilsResponsibility, "not_councils_responsibility"},
    {Status::kNoFurtherAction, "no_further_action"},
    {Status::kCancelled, "cancelled"},
}};

constexpr std::array<std::pair<Channel, std::string_view>, 9> kChannelNames = {{
    {Channel::kWeb, "web"},
    {Channel::kApp, "app"},
    {Channel::kPhone, "phone"},
    {Channel::kEmail, "email"},
    {Channel::kSms, "sms"},
    {Channel::kChat, "chat"},
    {Channel::kFax, "fax"},
    {Channel::kWalkIn, "walk_in"},
    {Channel::kOpen311, "open311"},
}};

constexpr NameTable<EventKind, 15> kEventKindNames = {{
    {EventKind::kCreated, "created"},
    {EventKind::kStatusChanged, "status_changed"},
    {EventKind::kNote, "note"},
    {EventKind::kClassified, "classified"},
    {EventKind::kDispatched, "dispatched"},
    {EventKind::kAssigned, "assigned"},
    {EventKind::kTaskStatus, "task_status"},
    {EventKind::kSlaWarning, "sla_warning"},
    {EventKind::kEscalated, "escalated"},
    {EventKind::kEmergency, "emergency"},
    {EventKind::kMerged, "merged"},
    {EventKind::kUnmerged, "unmerged"},
    {EventKind::kForwarded, "forwarded"},
    {EventKind::kDeliveryFailed, "delivery_failed"},
    {EventKind::kAttached, "attached"},
}};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string_view StatusName(Status status) { return NameOf(kStatusNames, status); }

std::optional<Status> ParseStatus(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower == "reopen") {
    return Status::kOpen;
  }
  return ValueOf(kStatusNames, lower);
}

bool IsOpen(Status status) {
  switch (status) {
    case Status::kOpen:
    case Status::kForTriage:
    case Status::kInvestigating:
    case Status::kInProgress:
    case Status::kPlanned:
    case Status::kActionScheduled:
    case Status::kInternalReferral:
      return true;
    case Status::kFixed:
    case Status::kClosed:
    case Status::kDuplicate:
    case Status::kNotCouncilsResponsibility:
    case Status::kNoFurtherAction:
    case Status::kCancelled:
      return false;
  }
  return true;
}

std::string_view StatusLabel(Status status, std::string_view lang) {
  struct Label {
    Status status;
    std::string_view pl;
    std::string_view en;
  };
  static constexpr Label kLabels[] = {
      {Status::kOpen, "Przyjęte", "Open"},
      {Status::kForTriage, "Do weryfikacji", "For triage"},
      {Status::kInvestigating, "Wyjaśniane", "Investigating"},
      {Status::kInProgress, "W realizacji", "In progress"},
      {Status::kPlanned, "Zaplanowane", "Planned"},
      {Status::kActionScheduled, "Termin wyznaczony", "Action scheduled"},
      {Status::kInternalReferral, "Przekazane innej jednostce", "Referred to another unit"},
      {Status::kFixed, "Naprawione", "Fixed"},
      {Status::kClosed, "Zamknięte", "Closed"},
      {Status::kDuplicate, "Duplikat innego zgłoszenia", "Duplicate"},
      {Status::kNotCouncilsResponsibility, "Poza kompetencjami miasta",
       "Not the city's responsibility"},
      {Status::kNoFurtherAction, "Bez dalszych działań", "No further action"},
      {Status::kCancelled, "Anulowane", "Cancelled"},
  };
  for (const auto& l : kLabels) {
    if (l.status == status) {
      return lang == "en" ? l.en : l.pl;
    }
  }
  return StatusName(status);
}

std::string StatusNotes(Status status, std::string_view note, std::string_view lang) {
  if (status == Status::kOpen || status == Status::kClosed) {
    return std::string(note);
  }
  std::string out(StatusLabel(status, lang));
  if (!note.empty()) {
    out += ": ";
    out += note;
  }
  return out;
}

std::string_view ChannelName(Channel channel) { return NameOf(kChannelNames, channel); }

std::optional<Channel> ParseChannel(std::string_view name) {
  return ValueOf(kChannelNames, Lower(name));
}

std::string_view EventKindName(EventKind kind) { return NameOf(kEventKindNames, kind); }

std::optional<EventKind> ParseEventKind(std::string_view name) {
  return ValueOf(kEventKindNames, name);
}

}  // namespace ratusz::cases
