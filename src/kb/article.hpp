#pragma once

// Knowledge-base articles (S10, S20): procedures, regulations and ready answers for agents and
// residents, in Polish and English, in Markdown.
//
// Every edit is a new version with its author and reason; a version is a draft until an
// editor of the article's owner unit publishes it (the version published before is then
// superseded) or rejects it. Older versions stay readable. An article past its validity date
// is hidden from residents and shown to staff as expired, for its owner to renew.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::kb {

// A subject questions are counted under ("waste", "parking"), and the contact-center queue of
// its experts (the expert line).
struct Topic {
  std::string code;
  std::string name_pl;
  std::string name_en;
  std::string expert_queue;
};

enum class Audience { kInternal, kPublic };
std::string_view AudienceName(Audience audience);  // "internal", "public"
std::optional<Audience> ParseAudience(std::string_view name);

// What an author writes: one version of an article.
struct Content {
  std::string title_pl;
  std::string title_en;
  std::string body_pl;  // Markdown.
  std::string body_en;
  std::vector<std::string> keywords;  // Either language; searched like titles.
  std::vector<std::string> services;  // Service codes (categories) it answers about.
  std::vector<std::string> units;     // Units (department ids) it concerns.
  Audience audience = Audience::kInternal;
  std::string owner_unit;  // Whose editors publish it.
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;  // "Valid until the new fee schedule".
};

struct Limits {
  std::size_t title_chars = 200;
  std::size_t body_bytes = 64 * 1024;  // Per language.
  std::size_t keywords = 40;
  std::size_t keyword_chars = 60;
  std::size_t links = 40;  // Services and units each.
  std::size_t reason_chars = 500;
};

// Checks an author's content: a title and a body in Polish at least (English is optional but
// comes in pairs: an English title needs an English body), valid UTF-8 without control
// characters, within the limits, validity dates in order. The error names the field.
[[nodiscard]] Status ValidateContent(const Content& content, const Limits& limits = {});

// Checks one text field written by staff: valid UTF-8 without control characters (one line
// unless `multiline`), not blank when `required`, at most `max_chars` characters. The error
// names `field`.
[[nodiscard]] Status CheckText(std::string_view text, std::string_view field, std::size_t max_chars,
                               bool required, bool multiline);

enum class VersionState { kDraft, kPublished, kSuperseded, kRejected };
std::string_view VersionStateName(VersionState state);
std::optional<VersionState> ParseVersionState(std::string_view name);

struct Version {
  std::int64_t number = 0;  // 1, 2, ... per article.
  VersionState state = VersionState::kDraft;
  std::string author;  // "user:<name>".
  std::string reason;  // Why it was written ("new fee schedule 2027").
  Timestamp created_at;
  std::string reviewed_by;  // Who published or rejected it.
  std::optional<Timestamp> reviewed_at;
  std::string review_note;
  Content content;
};

struct Article {
  std::int64_t id = 0;
  std::int64_t latest_version = 0;                // The newest version, whatever its state.
  std::optional<std::int64_t> published_version;  // The one people read.
  std::int64_t helpful = 0;                       // "This helped" votes ...
  std::int64_t unhelpful = 0;                     // ... "this did not help" ...
  std::int64_t closes = 0;                        // ... and information requests it answered.
  Timestamp created_at;
  Timestamp updated_at;
  Version version;  // The one asked for: the published one by default, else the latest.
};

// Whether the validity of `content` has ended (at `now`).
bool Expired(const Content& content, Timestamp now);
// Whether `content` is in force: its validity has begun and not ended.
bool InForce(const Content& content, Timestamp now);
// Whether residents may read the article: published, public, in force.
bool VisibleToResidents(const Article& article, Timestamp now);

}  // namespace ratusz::kb
