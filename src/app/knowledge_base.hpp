#pragma once

// The knowledge base as a use case (S10, S11, S20): staff write articles and their editors
// publish them; agents and residents search them; every "this helped" and every information
// request an article closes teaches the ranking; supervisors see which questions are asked
// most and which have no article yet.
//
// Who may do what: every staff role but auditors writes drafts and reads internal articles;
// an editor publishes or rejects drafts of articles their departments own (admins any);
// residents read public articles in force. Information requests are recorded by the agent
// handling the contact (or a supervisor); the report is for supervisors, editors, auditors and
// admins.

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "kb/search.hpp"

namespace ratusz::app {

struct KnowledgeOptions {
  kb::Matching matching = kb::Matching::kStems;  // Others only to measure against.
  kb::Limits limits;
  std::vector<kb::Topic> topics;
};

struct KbSearchResult {
  std::vector<KbHit> hits;  // Best first; text_score is the final score.
  // Query terms not in the index and the index terms taken for them (typo tolerance).
  std::map<std::string, std::vector<std::string>> corrections;
};

class KnowledgeBase {
 public:
  KnowledgeBase(KnowledgeStore& store, const Clock& clock, KnowledgeOptions options)
      : store_(store), clock_(clock), options_(std::move(options)) {}

  const KnowledgeOptions& options() const { return options_; }
  Timestamp Now() const { return clock_.Now(); }

  // A new article (`id` 0) or a new version of one, as a draft. `base_version`: the latest
  // version the author saw (kConflict when another was written since).
  void Write(const cases::Actor& actor, std::int64_t id, std::int64_t base_version,
             kb::Content content, std::string reason, Callback<Result<kb::Article>> done);
  // Publishes or rejects the article's latest version, a draft.
  void Review(const cases::Actor& actor, std::int64_t id, std::int64_t version, bool publish,
              std::string note, Callback<Result<kb::Article>> done);

  // Staff: any article and version (0: the published one, else the latest).
  [[nodiscard]] Result<kb::Article> Get(const cases::Actor& actor, std::int64_t id,
                                        std::int64_t version);
  // Residents: a public article in force, else kNotFound.
  [[nodiscard]] Result<kb::Article> GetPublic(std::int64_t id);
  [[nodiscard]] Result<std::vector<kb::Version>> Versions(const cases::Actor& actor,
                                                          std::int64_t id);
  [[nodiscard]] Result<std::vector<kb::Article>> List(const cases::Actor* actor, KbListQuery query);

  // Published articles for `query` (staff: all; residents: public ones in force). With
  // `as_you_type` the last word may be unfinished.
  [[nodiscard]] Result<KbSearchResult> Search(std::string_view query, bool residents, int limit,
                                              bool as_you_type = false);

  // "This helped" (or not), from a resident (`actor` null: `voter` is their network address)
  // or staff. One vote per voter and article a day counts (kept in memory): a script cannot
  // push an article up by voting again and again. Returns whether this one counted.
  void Vote(const cases::Actor* actor, std::int64_t id, bool helpful, const std::string& voter,
            Callback<Result<bool>> done);

  // Decides whether `actor` may close `interaction` (set by the composition root: the agent
  // handling it, or a supervisor).
  void SetInteractionCheck(std::function<Status(const cases::Actor&, std::int64_t)> check) {
    interaction_check_ = std::move(check);
  }
  // Whether `actor` may act for the resident of contact `id` (the check above).
  [[nodiscard]] Status CheckInteraction(const cases::Actor& actor, std::int64_t id) const {
    return interaction_check_
               ? interaction_check_(actor, id)
               : Status{MakeError(ErrorCode::kUnavailable, "the contact center is not running")};
  }
  void RecordInformation(const cases::Actor& actor, InformationRequest request,
                         Callback<Status> done);
  [[nodiscard]] Result<QuestionReport> Questions(const cases::Actor& actor, Timestamp from,
                                                 Timestamp to);

 private:
  // The index terms within typo distance of `term` when the index does not have it.
  Result<std::vector<std::string>> Corrections(const std::string& term);
  void ForgetTerms();

  KnowledgeStore& store_;
  const Clock& clock_;
  KnowledgeOptions options_;
  std::function<Status(const cases::Actor&, std::int64_t)> interaction_check_;
  std::mutex terms_mutex_;
  std::map<char, std::vector<std::string>> terms_;  // The index's terms by first letter.
  std::mutex votes_mutex_;
  std::int64_t votes_day_ = 0;   // The day (since the epoch, UTC) `voted_` is about.
  std::set<std::string> voted_;  // "voter article" pairs that voted that day.
};

// The index row of an article's content (both languages), by `matching`.
KbIndexRow IndexRowOf(const kb::Content& content, kb::Matching matching);

}  // namespace ratusz::app
