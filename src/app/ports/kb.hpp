#pragma once

// The knowledge base: articles, versions, search, information requests, the expert line.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/callback.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "kb/article.hpp"

namespace ratusz::app {

// An article's published text as index terms (kb::IndexTerms of both languages).
struct KbIndexRow {
  std::string title;
  std::string keywords;
  std::string body;
};

// A new article (`article_id` 0) or a new version of one. `base_version` is the latest
// version the author saw: when another version was written since, nothing is written and the
// store fails with kConflict.
struct KbDraft {
  std::int64_t article_id = 0;
  std::int64_t base_version = 0;
  kb::Content content;
  std::string author;
  std::string reason;
  Timestamp at;
};

// Who may publish or reject a draft: asked in the write transaction with the article as
// stored (its published version, or the draft when none is).
class ReviewPolicy {
 public:
  virtual ~ReviewPolicy() = default;
  [[nodiscard]] virtual Status Allows(const kb::Article& stored,
                                      const kb::Version& draft) const = 0;
};

// Publishing or rejecting a draft, which must be the article's latest version (kConflict
// otherwise); `policy` may refuse it.
struct KbReview {
  std::int64_t article_id = 0;
  std::int64_t version = 0;
  bool publish = true;
  std::string reviewer;
  std::string note;
  Timestamp at;
  KbIndexRow index;  // Of the draft, replacing the article's row when published.
  std::shared_ptr<const ReviewPolicy> policy;  // Null: any reviewer may.
};

struct KbListQuery {
  std::string state;  // "draft": articles with a draft waiting; "expired"; empty: all.
  std::string owner_unit;
  Timestamp now;
  std::int64_t after_id = 0;  // Paging: ids above this.
  int limit = 50;
};

struct KbSearchQuery {
  std::string match;         // An FTS5 expression (kb::FtsMatch).
  bool public_only = false;  // Residents: public articles in force only.
  Timestamp now;
  int limit = 50;
};

struct KbHit {
  kb::Article article;    // Its published version.
  double text_score = 0;  // -bm25 with title and keywords weighted above the body: higher first.
};

// A contact that was a question: answered with articles, or escalated (the expert line).
struct InformationRequest {
  std::int64_t interaction_id = 0;
  std::string question;      // As the agent noted it.
  std::string question_key;  // Its folded words: equal questions group together.
  std::string topic;
  std::string outcome;  // "answered" | "escalated"
  std::vector<std::int64_t> articles;
  std::string agent;
  Timestamp at;
};

struct TopicQuestions {
  std::string topic;
  std::int64_t asked = 0;
  std::int64_t answered = 0;
  std::int64_t escalated = 0;
  std::int64_t without_article = 0;  // Answered from no article, or escalated.
};

struct AskedQuestion {
  std::string topic;
  std::string question;  // The latest wording of the group.
  std::int64_t asked = 0;
  std::int64_t without_article = 0;
};

struct QuestionReport {
  std::vector<TopicQuestions> topics;    // Most asked first.
  std::vector<AskedQuestion> questions;  // The most asked (up to 50).
  std::vector<AskedQuestion> missing;    // The most asked that no article answered (up to 50).
};

// A question to the expert line; its conversation is the transcript of contact `id`.
struct Consultation {
  std::int64_t id = 0;               // The consult contact's interaction id.
  std::int64_t for_interaction = 0;  // The resident's contact it is about (0: none).
  std::string asked_by;              // "user:<name>"
  std::string topic;
  std::string question;
  Timestamp asked_at;
  std::optional<std::int64_t> article;  // The draft made from the answer.
  std::optional<Timestamp> forwarded_at;
};

// Articles, their versions and search index, votes and information requests. Thread-safe;
// writes go through the store's single writer.
class KnowledgeStore {
 public:
  virtual ~KnowledgeStore() = default;

  virtual void SaveDraft(KbDraft draft, Callback<Result<kb::Article>> done) = 0;
  virtual void ReviewDraft(KbReview review, Callback<Result<kb::Article>> done) = 0;
  // The article with the version asked for (0: the published one, else the latest).
  [[nodiscard]] virtual Result<std::optional<kb::Article>> LoadArticle(std::int64_t id,
                                                                       std::int64_t version) = 0;
  // Every version, newest first.
  [[nodiscard]] virtual Result<std::vector<kb::Version>> ArticleVersions(std::int64_t id) = 0;
  // Articles with their latest version, by id.
  [[nodiscard]] virtual Result<std::vector<kb::Article>> ListArticles(const KbListQuery& query) = 0;
  // Published articles matching, best text score first (up to `limit`).
  [[nodiscard]] virtual Result<std::vector<KbHit>> SearchArticles(const KbSearchQuery& query) = 0;
  // The index's terms that begin with `first` (typo tolerance looks among them).
  [[nodiscard]] virtual Result<std::vector<std::string>> IndexTermsFrom(char first) = 0;
  virtual void Vote(std::int64_t article_id, bool helpful, Callback<Status> done) = 0;
  // Records (or, for the same interaction, replaces) an information request; the articles it
  // names count as having closed it.
  virtual void RecordInformationRequest(InformationRequest request, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<QuestionReport> Questions(Timestamp from, Timestamp to) = 0;

  virtual void SaveConsultation(Consultation consultation, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<std::optional<Consultation>> LoadConsultation(std::int64_t id) = 0;
  // Newest first; `asked_by` empty: everybody's.
  [[nodiscard]] virtual Result<std::vector<Consultation>> ListConsultations(
      std::string_view asked_by, int limit) = 0;
};

}  // namespace ratusz::app
