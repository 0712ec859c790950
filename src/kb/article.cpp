#include "kb/article.hpp"

#include "common/enum_names.hpp"
#include "common/text.hpp"

namespace ratusz::kb {
namespace {

constexpr NameTable<Audience, 2> kAudiences = {
    {{Audience::kInternal, "internal"}, {Audience::kPublic, "public"}}};
constexpr NameTable<VersionState, 4> kStates = {{{VersionState::kDraft, "draft"},
                                                 {VersionState::kPublished, "published"},
                                                 {VersionState::kSuperseded, "superseded"},
                                                 {VersionState::kRejected, "rejected"}}};

Status CheckList(const std::vector<std::string>& items, std::string_view field,
                 std::size_t max_items, std::size_t max_chars) {
  if (items.size() > max_items) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "at most " + std::to_string(max_items) + " entries", std::string(field));
  }
  for (const auto& item : items) {
    if (auto s = CheckText(item, field, max_chars, true, false); !s) {
      return s;
    }
  }
  return {};
}

}  // namespace

Status CheckText(std::string_view text, std::string_view field, std::size_t max_chars,
                 bool required, bool multiline) {
  if (!IsValidUtf8(text)) {
    return MakeError(ErrorCode::kInvalidArgument, "not valid UTF-8", std::string(field));
  }
  if (HasControlChars(text) || (!multiline && text.find_first_of("\r\n") != std::string::npos)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     multiline ? "control characters are not allowed" : "must be one line",
                     std::string(field));
  }
  if (required && Trim(text).empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "is required", std::string(field));
  }
  if (Utf8Length(text) > max_chars) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "too long (at most " + std::to_string(max_chars) + " characters)",
                     std::string(field));
  }
  return {};
}

std::string_view AudienceName(Audience audience) { return NameOf(kAudiences, audience); }
std::optional<Audience> ParseAudience(std::string_view name) { return ValueOf(kAudiences, name); }
std::string_view VersionStateName(VersionState state) { return NameOf(kStates, state); }
std::optional<VersionState> ParseVersionState(std::string_view name) {
  return ValueOf(kStates, name);
}

Status ValidateContent(const Content& c, const Limits& limits) {
  struct Field {
    const std::string& text;
    std::string_view name;
    std::size_t max;
    bool required;
    bool multiline;
  };
  const Field fields[] = {
      {c.title_pl, "title_pl", limits.title_chars, true, false},
      {c.body_pl, "body_pl", limits.body_bytes, true, true},
      {c.title_en, "title_en", limits.title_chars, !c.body_en.empty(), false},
      {c.body_en, "body_en", limits.body_bytes, !c.title_en.empty(), true},
  };
  for (const auto& f : fields) {
    if (f.multiline && f.text.size() > limits.body_bytes) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "too long (at most " + std::to_string(limits.body_bytes) + " bytes)",
                       std::string(f.name));
    }
    if (auto s = CheckText(f.text, f.name, f.max, f.required, f.multiline); !s) {
      return s;
    }
  }
  if (auto s = CheckList(c.keywords, "keywords", limits.keywords, limits.keyword_chars); !s) {
    return s;
  }
  if (auto s = CheckList(c.services, "services", limits.links, 100); !s) {
    return s;
  }
  if (auto s = CheckList(c.units, "units", limits.links, 100); !s) {
    return s;
  }
  if (auto s = CheckText(c.owner_unit, "owner_unit", 100, true, false); !s) {
    return s;
  }
  if (c.valid_from && c.valid_until && *c.valid_until <= *c.valid_from) {
    return MakeError(ErrorCode::kInvalidArgument, "must be after valid_from", "valid_until");
  }
  return {};
}

bool Expired(const Content& content, Timestamp now) {
  return content.valid_until && *content.valid_until <= now;
}

bool InForce(const Content& content, Timestamp now) {
  return !Expired(content, now) && (!content.valid_from || *content.valid_from <= now);
}

bool VisibleToResidents(const Article& article, Timestamp now) {
  return article.published_version && article.version.number == *article.published_version &&
         article.version.content.audience == Audience::kPublic &&
         InForce(article.version.content, now);
}

}  // namespace ratusz::kb
