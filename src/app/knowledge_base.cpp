#include "app/knowledge_base.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "kb/markdown.hpp"

namespace ratusz::app {
namespace {

using cases::Role;

bool Writes(const cases::Actor& actor) { return actor.role != Role::kAuditor; }

bool Reports(const cases::Actor& actor) {
  return actor.role == Role::kAdmin || actor.role == Role::kSupervisor ||
         actor.role == Role::kEditor || actor.role == Role::kAuditor;
}

Status Denied(std::string what) { return MakeError(ErrorCode::kPermissionDenied, std::move(what)); }

// An editor publishes or rejects an article of their unit: both the unit that owns it now
// and the one the draft would give it to; administrators any.
class EditorsOfTheUnits final : public ReviewPolicy {
 public:
  explicit EditorsOfTheUnits(cases::Actor reviewer) : reviewer_(std::move(reviewer)) {}

  Status Allows(const kb::Article& stored, const kb::Version& draft) const override {
    if (reviewer_.role == Role::kAdmin) {
      return {};
    }
    for (const auto* unit : {&stored.version.content.owner_unit, &draft.content.owner_unit}) {
      if (!reviewer_.InDepartment(*unit)) {
        return Denied("only editors of " + *unit + " publish or reject this article");
      }
    }
    return {};
  }

 private:
  cases::Actor reviewer_;
};

// Index terms of one language's title, keywords or body.
std::string Terms(std::string_view pl, std::string_view en, kb::Matching matching) {
  std::string out = kb::IndexTerms(pl, "pl", matching);
  const std::string english = kb::IndexTerms(en, "en", matching);
  if (!english.empty()) {
    out += (out.empty() ? "" : " ") + english;
  }
  return out;
}

}  // namespace

KbIndexRow IndexRowOf(const kb::Content& c, kb::Matching matching) {
  std::string keywords;
  for (const auto& k : c.keywords) {
    // Keywords are in either language: both stems are kept.
    keywords += " " + Terms(k, k, matching);
  }
  return KbIndexRow{Terms(c.title_pl, c.title_en, matching), std::string(Trim(keywords)),
                    Terms(kb::MarkdownToText(c.body_pl), kb::MarkdownToText(c.body_en), matching)};
}

void KnowledgeBase::Write(const cases::Actor& actor, std::int64_t id, std::int64_t base_version,
                          kb::Content content, std::string reason,
                          Callback<Result<kb::Article>> done) {
  if (!Writes(actor)) {
    done(Denied("auditors do not write articles").error());
    return;
  }
  if (auto s = kb::ValidateContent(content, options_.limits); !s) {
    done(s.error());
    return;
  }
  if (auto s = kb::CheckText(reason, "reason", options_.limits.reason_chars, false, false); !s) {
    done(s.error());
    return;
  }
  if (id != 0 && Trim(reason).empty()) {
    done(MakeError(ErrorCode::kInvalidArgument, "say why the article changes", "reason"));
    return;
  }
  KbDraft draft;
  draft.article_id = id;
  draft.base_version = base_version;
  draft.content = std::move(content);
  draft.author = actor.id;
  draft.reason = id == 0 && Trim(reason).empty() ? "new article" : std::string(Trim(reason));
  draft.at = clock_.Now();
  store_.SaveDraft(std::move(draft), std::move(done));
}

void KnowledgeBase::Review(const cases::Actor& actor, std::int64_t id, std::int64_t version,
                           bool publish, std::string note, Callback<Result<kb::Article>> done) {
  if (actor.role != Role::kAdmin && actor.role != Role::kEditor) {
    done(Denied("only the owner unit's editors publish or reject articles").error());
    return;
  }
  if (auto s = kb::CheckText(note, "note", options_.limits.reason_chars, false, true); !s) {
    done(s.error());
    return;
  }
  auto draft = store_.LoadArticle(id, version);
  if (!draft) {
    done(draft.error());
    return;
  }
  if (!draft.value() || draft.value()->version.number != version) {
    done(MakeError(ErrorCode::kNotFound, "no such article version"));
    return;
  }
  KbReview review;
  review.article_id = id;
  review.version = version;
  review.publish = publish;
  review.reviewer = actor.id;
  review.note = std::move(note);
  review.at = clock_.Now();
  review.index = IndexRowOf(draft.value()->version.content, options_.matching);
  review.policy = std::make_shared<EditorsOfTheUnits>(actor);
  store_.ReviewDraft(std::move(review),
                     [this, publish, done = std::move(done)](Result<kb::Article> r) {
                       if (r && publish) {
                         ForgetTerms();
                       }
                       done(std::move(r));
                     });
}

Result<kb::Article> KnowledgeBase::Get(const cases::Actor& /*actor*/, std::int64_t id,
                                       std::int64_t version) {
  auto a = store_.LoadArticle(id, version);
  if (!a) {
    return a.error();
  }
  if (!a.value() || (version != 0 && a.value()->version.number != version)) {
    return MakeError(ErrorCode::kNotFound, "no such article or version");
  }
  return std::move(*a.value());
}

Result<kb::Article> KnowledgeBase::GetPublic(std::int64_t id) {
  auto a = store_.LoadArticle(id, 0);
  if (!a) {
    return a.error();
  }
  if (!a.value() || !kb::VisibleToResidents(*a.value(), clock_.Now())) {
    return MakeError(ErrorCode::kNotFound, "no such article");
  }
  return std::move(*a.value());
}

Result<std::vector<kb::Version>> KnowledgeBase::Versions(const cases::Actor& /*actor*/,
                                                         std::int64_t id) {
  auto versions = store_.ArticleVersions(id);
  if (versions && versions->empty()) {
    return MakeError(ErrorCode::kNotFound, "no such article");
  }
  return versions;
}

Result<std::vector<kb::Article>> KnowledgeBase::List(const cases::Actor* actor, KbListQuery query) {
  query.now = clock_.Now();
  query.limit = std::clamp(query.limit, 1, 500);
  if (actor == nullptr) {
    query.state = "public";
  } else if (query.state != "" && query.state != "draft" && query.state != "expired" &&
             query.state != "public") {
    return MakeError(ErrorCode::kInvalidArgument, "draft, expired or public", "state");
  }
  return store_.ListArticles(query);
}

Result<KbSearchResult> KnowledgeBase::Search(std::string_view query, bool residents, int limit,
                                             bool as_you_type) {
  if (!IsValidUtf8(query) || query.size() > 1000) {
    return MakeError(ErrorCode::kInvalidArgument, "at most 1000 bytes of valid UTF-8", "q");
  }
  KbSearchResult out;
  std::string prefix;
  std::vector<std::string> terms =
      kb::QueryTerms(query, options_.matching, as_you_type ? &prefix : nullptr);
  if (terms.size() > 64) {
    terms.resize(64);
  }
  if (terms.empty() && prefix.empty()) {
    return out;
  }
  // Typo tolerance for short queries (up to three words, each in two languages).
  if (terms.size() <= 6) {
    const std::vector<std::string> asked = terms;
    for (const auto& term : asked) {
      auto near = Corrections(term);
      if (!near) {
        return near.error();
      }
      if (!near->empty()) {
        for (const auto& t : near.value()) {
          if (std::find(terms.begin(), terms.end(), t) == terms.end()) {
            terms.push_back(t);
          }
        }
        out.corrections[term] = std::move(near.value());
      }
    }
  }
  KbSearchQuery q;
  q.match = kb::FtsMatch(terms, prefix);
  q.public_only = residents;
  q.now = clock_.Now();
  q.limit = 50;
  auto hits = store_.SearchArticles(q);
  if (!hits) {
    return hits.error();
  }
  out.hits = std::move(hits.value());
  for (auto& h : out.hits) {
    h.text_score *= kb::LearnedBoost(h.article.helpful, h.article.unhelpful, h.article.closes);
  }
  std::stable_sort(out.hits.begin(), out.hits.end(),
                   [](const KbHit& a, const KbHit& b) { return a.text_score > b.text_score; });
  if (out.hits.size() > static_cast<std::size_t>(std::clamp(limit, 1, 50))) {
    out.hits.resize(static_cast<std::size_t>(std::clamp(limit, 1, 50)));
  }
  return out;
}

Result<std::vector<std::string>> KnowledgeBase::Corrections(const std::string& term) {
  const int allowance = kb::TypoAllowance(term);
  if (allowance == 0) {
    return std::vector<std::string>{};
  }
  std::lock_guard lock(terms_mutex_);
  auto it = terms_.find(term[0]);
  if (it == terms_.end()) {
    auto loaded = store_.IndexTermsFrom(term[0]);
    if (!loaded) {
      return loaded.error();
    }
    std::sort(loaded->begin(), loaded->end());
    it = terms_.emplace(term[0], std::move(loaded.value())).first;
  }
  const auto& known = it->second;
  if (std::binary_search(known.begin(), known.end(), term)) {
    return std::vector<std::string>{};
  }
  // The closest known terms (up to three), nearer ones first.
  std::vector<std::pair<int, std::string>> near;
  for (const auto& k : known) {
    if (const int d = kb::EditDistance(term, k, allowance); d <= allowance) {
      near.emplace_back(d, k);
    }
  }
  std::sort(near.begin(), near.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < near.size() && i < 3; ++i) {
    out.push_back(near[i].second);
  }
  return out;
}

void KnowledgeBase::ForgetTerms() {
  std::lock_guard lock(terms_mutex_);
  terms_.clear();
}

void KnowledgeBase::Vote(const cases::Actor* actor, std::int64_t id, bool helpful,
                         const std::string& voter, Callback<Result<bool>> done) {
  auto a = actor == nullptr ? GetPublic(id) : Get(*actor, id, 0);
  if (!a) {
    done(a.error());
    return;
  }
  if (!a->published_version) {
    done(MakeError(ErrorCode::kFailedPrecondition, "the article is not published yet"));
    return;
  }
  {
    constexpr std::int64_t kDayMicros = 86'400'000'000;
    constexpr std::size_t kMaxVoters = 200'000;  // A bound on the memory; then a new day.
    std::lock_guard lock(votes_mutex_);
    const std::int64_t day = ToMicros(clock_.Now()) / kDayMicros;
    if (day != votes_day_ || voted_.size() >= kMaxVoters) {
      voted_.clear();
      votes_day_ = day;
    }
    const std::string key = (actor == nullptr ? voter : actor->id) + " " + std::to_string(id);
    if (!voted_.insert(key).second) {
      done(false);
      return;
    }
  }
  store_.Vote(id, helpful, [done = std::move(done)](Status s) {
    done(s ? Result<bool>(true) : Result<bool>(s.error()));
  });
}

void KnowledgeBase::RecordInformation(const cases::Actor& actor, InformationRequest request,
                                      Callback<Status> done) {
  if (request.outcome != "answered" && request.outcome != "escalated") {
    done(MakeError(ErrorCode::kInvalidArgument, "answered or escalated", "outcome"));
    return;
  }
  if (auto s = kb::CheckText(request.question, "question", 500, true, true); !s) {
    done(s);
    return;
  }
  if (std::none_of(options_.topics.begin(), options_.topics.end(),
                   [&](const kb::Topic& t) { return t.code == request.topic; })) {
    done(MakeError(ErrorCode::kInvalidArgument, "not a configured topic (GET /api/v1/kb/topics)",
                   "topic"));
    return;
  }
  if (request.articles.size() > 10) {
    done(MakeError(ErrorCode::kInvalidArgument, "at most 10 articles", "articles"));
    return;
  }
  std::sort(request.articles.begin(), request.articles.end());
  request.articles.erase(std::unique(request.articles.begin(), request.articles.end()),
                         request.articles.end());
  for (const auto id : request.articles) {
    auto a = store_.LoadArticle(id, 0);
    if (!a) {
      done(a.error());
      return;
    }
    if (!a.value() || !a.value()->published_version) {
      done(MakeError(ErrorCode::kInvalidArgument,
                     "article " + std::to_string(id) + " is not a published article", "articles"));
      return;
    }
  }
  if (auto s = CheckInteraction(actor, request.interaction_id); !s) {
    done(s);
    return;
  }
  request.question = std::string(Trim(request.question));
  std::string key;
  for (const auto& w : SearchWords(request.question)) {
    key += (key.empty() ? "" : " ") + w;
  }
  request.question_key = std::move(key);
  request.agent = actor.id;
  request.at = clock_.Now();
  store_.RecordInformationRequest(std::move(request), std::move(done));
}

Result<QuestionReport> KnowledgeBase::Questions(const cases::Actor& actor, Timestamp from,
                                                Timestamp to) {
  if (!Reports(actor)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "supervisors, editors, auditors and admins read the questions report");
  }
  return store_.Questions(from, to);
}

}  // namespace ratusz::app
