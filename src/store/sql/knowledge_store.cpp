// The knowledge base: articles and their versions, the full-text index of published versions
// (FTS5 on SQLite, tsvector on PostgreSQL), votes and information requests.

#include <boost/json.hpp>

#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"
#include "store/sql/table.hpp"
#include "store/sql/text_search.hpp"

namespace ratusz::store::sql {
namespace {

namespace json = boost::json;

// The columns of `kb_versions`, in the order of kVersions.
enum class VersionColumn {
  kArticleId,
  kVersion,
  kState,
  kAuthor,
  kReason,
  kCreatedAt,
  kReviewedBy,
  kReviewedAt,
  kReviewNote,
  kTitlePl,
  kTitleEn,
  kBodyPl,
  kBodyEn,
  kKeywords,
  kServices,
  kUnits,
  kAudience,
  kOwnerUnit,
  kValidFrom,
  kValidUntil,
  kCount
};
constexpr Columns<VersionColumn> kVersions{
    "kb_versions", {"article_id", "version",     "state",       "author",      "reason",
                    "created_at", "reviewed_by", "reviewed_at", "review_note", "title_pl",
                    "title_en",   "body_pl",     "body_en",     "keywords",    "services",
                    "units",      "audience",    "owner_unit",  "valid_from",  "valid_until"}};

// The columns of `kb_articles` an article is read with (its listing columns, copied from a
// version, are read from the version).
enum class ArticleColumn {
  kId,
  kLatestVersion,
  kPublishedVersion,
  kHelpful,
  kUnhelpful,
  kCloses,
  kCreatedAt,
  kUpdatedAt,
  kCount
};
constexpr Columns<ArticleColumn> kArticles{"kb_articles",
                                           {"id", "latest_version", "published_version", "helpful",
                                            "unhelpful", "closes", "created_at", "updated_at"}};

// The columns of `information_requests` (a question answered or escalated, by interaction).
enum class RequestColumn {
  kInteractionId,
  kQuestion,
  kQuestionKey,
  kTopic,
  kOutcome,
  kArticleIds,
  kAgent,
  kAt,
  kCount
};
constexpr Columns<RequestColumn> kRequests{
    "information_requests",
    {"interaction_id", "question", "question_key", "topic", "outcome", "articles", "agent", "at"}};

const std::string kVersionColumns = kVersions.Select("v");
// An article and one of its versions: the article's columns, then the version's.
const std::string kArticleColumns = kArticles.Select("a") + ", " + kVersionColumns;
constexpr int kVersionFirst = At(ArticleColumn::kCount);
constexpr int kVersionCount = At(VersionColumn::kCount);

// A version read from the row's columns starting at `first`.
kb::Version ReadVersion(const Statement& row, int first) {
  using C = VersionColumn;
  const auto at = [first](C column) { return first + At(column); };
  kb::Version v;
  v.number = row.Int(at(C::kVersion));
  v.state = kb::ParseVersionState(row.Text(at(C::kState))).value_or(kb::VersionState::kDraft);
  v.author = row.Text(at(C::kAuthor));
  v.reason = row.Text(at(C::kReason));
  v.created_at = FromMicros(row.Int(at(C::kCreatedAt)));
  v.reviewed_by = row.Text(at(C::kReviewedBy));
  v.reviewed_at = OptionalTime(row, at(C::kReviewedAt));
  v.review_note = row.Text(at(C::kReviewNote));
  auto& c = v.content;
  c.title_pl = row.Text(at(C::kTitlePl));
  c.title_en = row.Text(at(C::kTitleEn));
  c.body_pl = row.Text(at(C::kBodyPl));
  c.body_en = row.Text(at(C::kBodyEn));
  c.keywords = DecodeStrings(row.Text(at(C::kKeywords)));
  c.services = DecodeStrings(row.Text(at(C::kServices)));
  c.units = DecodeStrings(row.Text(at(C::kUnits)));
  c.audience = kb::ParseAudience(row.Text(at(C::kAudience))).value_or(kb::Audience::kInternal);
  c.owner_unit = row.Text(at(C::kOwnerUnit));
  c.valid_from = OptionalTime(row, at(C::kValidFrom));
  c.valid_until = OptionalTime(row, at(C::kValidUntil));
  return v;
}

kb::Article ReadArticle(const Statement& row) {
  using C = ArticleColumn;
  kb::Article a;
  a.id = row.Int(At(C::kId));
  a.latest_version = row.Int(At(C::kLatestVersion));
  if (!row.IsNull(At(C::kPublishedVersion))) {
    a.published_version = row.Int(At(C::kPublishedVersion));
  }
  a.helpful = row.Int(At(C::kHelpful));
  a.unhelpful = row.Int(At(C::kUnhelpful));
  a.closes = row.Int(At(C::kCloses));
  a.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
  a.updated_at = FromMicros(row.Int(At(C::kUpdatedAt)));
  a.version = ReadVersion(row, kVersionFirst);
  return a;
}

// The article with version `version` (0: the published one, else the latest).
Result<std::optional<kb::Article>> ArticleIn(Connection& db, std::int64_t id,
                                             std::int64_t version) {
  return QueryOne<kb::Article>(
      db,
      std::string("SELECT ") + kArticleColumns +
          " FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = (CASE "
          "WHEN ?2 = 0 THEN COALESCE(a.published_version, a.latest_version) ELSE ?2 END) "
          "WHERE a.id = ?1",
      [&](Statement& q) { q.Bind(1, id).Bind(2, version); }, ReadArticle);
}

Status InsertVersion(Connection& db, std::int64_t article, std::int64_t version,
                     const app::KbDraft& d) {
  using C = VersionColumn;
  static const std::string kSql = kVersions.Insert();
  const auto& c = d.content;
  return Execute(db, kSql, [&](Statement& q) {
    q.Bind(ParamOf(C::kArticleId), article).Bind(ParamOf(C::kVersion), version);
    q.Bind(ParamOf(C::kState), kb::VersionStateName(kb::VersionState::kDraft));
    q.Bind(ParamOf(C::kAuthor), d.author).Bind(ParamOf(C::kReason), d.reason);
    q.Bind(ParamOf(C::kCreatedAt), ToMicros(d.at));
    q.Bind(ParamOf(C::kReviewedBy), std::string_view()).BindNull(ParamOf(C::kReviewedAt));
    q.Bind(ParamOf(C::kReviewNote), std::string_view());
    q.Bind(ParamOf(C::kTitlePl), c.title_pl).Bind(ParamOf(C::kTitleEn), c.title_en);
    q.Bind(ParamOf(C::kBodyPl), c.body_pl).Bind(ParamOf(C::kBodyEn), c.body_en);
    q.Bind(ParamOf(C::kKeywords), EncodeStrings(c.keywords));
    q.Bind(ParamOf(C::kServices), EncodeStrings(c.services));
    q.Bind(ParamOf(C::kUnits), EncodeStrings(c.units));
    q.Bind(ParamOf(C::kAudience), kb::AudienceName(c.audience));
    q.Bind(ParamOf(C::kOwnerUnit), c.owner_unit);
    q.Bind(ParamOf(C::kValidFrom), OptionalMicros(c.valid_from));
    q.Bind(ParamOf(C::kValidUntil), OptionalMicros(c.valid_until));
  });
}

// The article's listing columns from a version's content.
Status SetArticleColumns(Connection& db, std::int64_t id, const kb::Content& c) {
  return Execute(db,
                 "UPDATE kb_articles SET owner_unit = ?, audience = ?, valid_from = ?, "
                 "valid_until = ? WHERE id = ?",
                 [&](Statement& q) {
                   q.Bind(1, c.owner_unit).Bind(2, kb::AudienceName(c.audience));
                   q.Bind(3, OptionalMicros(c.valid_from)).Bind(4, OptionalMicros(c.valid_until));
                   q.Bind(5, id);
                 });
}

std::string EncodeIds(const std::vector<std::int64_t>& ids) {
  json::array out;
  for (const auto id : ids) {
    out.emplace_back(id);
  }
  return json::serialize(out);
}

std::vector<std::int64_t> DecodeIds(const std::string& text) {
  std::vector<std::int64_t> out;
  json::error_code ec;
  const auto v = json::parse(text, ec);
  if (!ec && v.is_array()) {
    for (const auto& id : v.as_array()) {
      if (id.is_int64()) {
        out.push_back(id.as_int64());
      }
    }
  }
  return out;
}

Status CountCloses(Connection& db, const std::vector<std::int64_t>& articles, int by) {
  for (const auto id : articles) {
    auto s = Execute(db, "UPDATE kb_articles SET closes = MAX(0, closes + ?) WHERE id = ?",
                     [&](Statement& q) { q.Bind(1, static_cast<std::int64_t>(by)).Bind(2, id); });
    if (!s) {
      return s;
    }
  }
  return {};
}

}  // namespace

void SqlKnowledgeStore::SaveDraft(app::KbDraft draft, app::Callback<Result<kb::Article>> done) {
  SubmitJob<kb::Article>(
      db_.writer(),
      [d = std::move(draft)](Connection& db) -> Result<kb::Article> {
        std::int64_t id = d.article_id;
        std::int64_t version = 1;
        if (id == 0) {
          auto inserted = InsertReturningId(db,
                                            "INSERT INTO kb_articles (latest_version, owner_unit, "
                                            "audience, created_at, updated_at) VALUES (1, '', '', "
                                            "?1, ?1)",
                                            [&](Statement& q) { q.Bind(1, ToMicros(d.at)); });
          if (!inserted) {
            return inserted.error();
          }
          id = *inserted;
        } else {
          auto stored = ArticleIn(db, id, 0);
          if (!stored) {
            return stored.error();
          }
          if (!stored.value()) {
            return MakeError(ErrorCode::kNotFound, "no such article");
          }
          const auto& a = *stored.value();
          if (d.base_version != a.latest_version) {
            return MakeError(ErrorCode::kConflict,
                             "version " + std::to_string(a.latest_version) +
                                 " was written after version " + std::to_string(d.base_version) +
                                 ": open it and make your change again",
                             "base_version");
          }
          version = a.latest_version + 1;
          auto st = Execute(
              db, "UPDATE kb_articles SET latest_version = ?, updated_at = ? WHERE id = ?",
              [&](Statement& q) { q.Bind(1, version).Bind(2, ToMicros(d.at)).Bind(3, id); });
          if (!st) {
            return st.error();
          }
          if (a.published_version) {
            // The listing keeps showing the published version's unit and audience.
            if (auto s = InsertVersion(db, id, version, d); !s) {
              return s.error();
            }
            auto out = ArticleIn(db, id, version);
            if (!out) {
              return out.error();
            }
            return std::move(*out.value());
          }
        }
        if (auto s = InsertVersion(db, id, version, d); !s) {
          return s.error();
        }
        if (auto s = SetArticleColumns(db, id, d.content); !s) {
          return s.error();
        }
        auto out = ArticleIn(db, id, version);
        if (!out) {
          return out.error();
        }
        return std::move(*out.value());
      },
      std::move(done));
}

void SqlKnowledgeStore::ReviewDraft(app::KbReview review, app::Callback<Result<kb::Article>> done) {
  SubmitJob<kb::Article>(
      db_.writer(),
      [r = std::move(review)](Connection& db) -> Result<kb::Article> {
        auto draft = ArticleIn(db, r.article_id, r.version);
        if (!draft) {
          return draft.error();
        }
        if (!draft.value() || draft.value()->version.number != r.version) {
          return MakeError(ErrorCode::kNotFound, "no such article version");
        }
        const auto& d = *draft.value();
        if (d.version.state != kb::VersionState::kDraft) {
          return MakeError(ErrorCode::kFailedPrecondition,
                           "version " + std::to_string(r.version) + " is " +
                               std::string(kb::VersionStateName(d.version.state)) +
                               ", not a draft");
        }
        if (d.latest_version != r.version) {
          return MakeError(
              ErrorCode::kConflict,
              "version " + std::to_string(d.latest_version) + " was written since: review that one",
              "version");
        }
        auto stored = ArticleIn(db, r.article_id, 0);
        if (!stored) {
          return stored.error();
        }
        if (r.policy) {
          if (auto s = r.policy->Allows(*stored.value(), d.version); !s) {
            return s.error();
          }
        }
        const std::int64_t at = ToMicros(r.at);
        if (r.publish) {
          for (const char* sql :
               {"UPDATE kb_versions SET state = 'superseded' WHERE article_id = ? AND state = "
                "'published'",
                db.dialect() == Dialect::kPostgres ? "DELETE FROM kb_fts WHERE article_id = ?"
                                                   : "DELETE FROM kb_fts WHERE rowid = ?"}) {
            if (auto s = Execute(db, sql, [&](Statement& q) { q.Bind(1, r.article_id); }); !s) {
              return s.error();
            }
          }
          auto s =
              Execute(db,
                      db.dialect() == Dialect::kPostgres
                          ? "INSERT INTO kb_fts (article_id, title, keywords, body) VALUES (?, ?, "
                            "?, ?)"
                          : "INSERT INTO kb_fts (rowid, title, keywords, body) VALUES (?, ?, ?, ?)",
                      [&](Statement& q) {
                        q.Bind(1, r.article_id).Bind(2, r.index.title).Bind(3, r.index.keywords);
                        q.Bind(4, r.index.body);
                      });
          if (!s) {
            return s.error();
          }
          s = Execute(
              db, "UPDATE kb_articles SET published_version = ?, updated_at = ? WHERE id = ?",
              [&](Statement& q) { q.Bind(1, r.version).Bind(2, at).Bind(3, r.article_id); });
          if (!s) {
            return s.error();
          }
          if (s = SetArticleColumns(db, r.article_id, d.version.content); !s) {
            return s.error();
          }
        }
        auto s = Execute(db,
                         "UPDATE kb_versions SET state = ?, reviewed_by = ?, reviewed_at = ?, "
                         "review_note = ? WHERE article_id = ? AND version = ?",
                         [&](Statement& q) {
                           q.Bind(1, r.publish ? "published" : "rejected").Bind(2, r.reviewer);
                           q.Bind(3, at).Bind(4, r.note).Bind(5, r.article_id).Bind(6, r.version);
                         });
        if (!s) {
          return s.error();
        }
        auto out = ArticleIn(db, r.article_id, r.version);
        if (!out) {
          return out.error();
        }
        return std::move(*out.value());
      },
      std::move(done));
}

Result<std::optional<kb::Article>> SqlKnowledgeStore::LoadArticle(std::int64_t id,
                                                                  std::int64_t version) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return ArticleIn(*reader->get(), id, version);
}

Result<std::vector<kb::Version>> SqlKnowledgeStore::ArticleVersions(std::int64_t id) {
  return db_.ReadAll<kb::Version>(
      std::string("SELECT ") + kVersionColumns +
          " FROM kb_versions v WHERE v.article_id = ? ORDER BY v.version DESC",
      [&](Statement& q) { q.Bind(1, id); },
      [](const Statement& row) { return ReadVersion(row, 0); });
}

Result<std::vector<kb::Article>> SqlKnowledgeStore::ListArticles(const app::KbListQuery& query) {
  std::string version = "COALESCE(a.published_version, a.latest_version)";
  std::string where = "a.id > ?1 AND (?2 = '' OR a.owner_unit = ?2)";
  if (query.state == "draft") {
    version = "a.latest_version";
    where += " AND v.state = 'draft'";
  } else if (query.state == "expired") {
    where += " AND a.published_version IS NOT NULL AND a.valid_until <= ?3";
  } else if (query.state == "public") {
    where +=
        " AND a.published_version IS NOT NULL AND a.audience = 'public' AND (a.valid_from IS "
        "NULL OR a.valid_from <= ?3) AND (a.valid_until IS NULL OR a.valid_until > ?3)";
  }
  return db_.ReadAll<kb::Article>(
      std::string("SELECT ") + kArticleColumns +
          " FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = " +
          version + " WHERE " + where + " ORDER BY a.id LIMIT ?4",
      [&](Statement& q) {
        q.Bind(1, query.after_id).Bind(2, query.owner_unit).Bind(3, ToMicros(query.now));
        q.Bind(4, static_cast<std::int64_t>(query.limit));
      },
      ReadArticle);
}

Result<std::vector<app::KbHit>> SqlKnowledgeStore::SearchArticles(const app::KbSearchQuery& query) {
  // Title hits weigh ten body hits, keywords six. The inner query ranks the matching rows of
  // the index (and filters them on the article's row); only the best `limit` are joined with
  // their version's text.
  const bool postgres = db_.dialect() == Dialect::kPostgres;
  // PostgreSQL ranks by the weights of the words' places (title A, keywords B, body D) in the
  // same proportions.
  std::string sql =
      std::string("SELECT ") + kArticleColumns +
      (postgres ? ", h.score FROM (SELECT kb_fts.article_id AS id, ts_rank('{0.1, 0, 0.6, 1.0}', "
                  "kb_fts.document, to_tsquery('simple', ?1)) AS score FROM kb_fts JOIN "
                  "kb_articles f ON f.id = kb_fts.article_id WHERE kb_fts.document @@ "
                  "to_tsquery('simple', ?1)"
                : ", h.score FROM (SELECT kb_fts.rowid AS id, -bm25(kb_fts, 10.0, 6.0, 1.0) AS "
                  "score FROM kb_fts JOIN kb_articles f ON f.id = kb_fts.rowid WHERE kb_fts "
                  "MATCH ?1");
  if (query.public_only) {
    sql +=
        " AND f.audience = 'public' AND (f.valid_from IS NULL OR f.valid_from <= ?2) AND "
        "(f.valid_until IS NULL OR f.valid_until > ?2)";
  } else {
    sql += " AND ?2 IS NOT NULL";
  }
  sql +=
      " ORDER BY score DESC LIMIT ?3) h JOIN kb_articles a ON a.id = h.id JOIN kb_versions v "
      "ON v.article_id = a.id AND v.version = a.published_version ORDER BY h.score DESC, a.id";
  return db_.ReadAll<app::KbHit>(
      sql,
      [&](Statement& q) {
        q.Bind(1, postgres ? TsQueryOf(query.match) : query.match).Bind(2, ToMicros(query.now));
        q.Bind(3, static_cast<std::int64_t>(query.limit));
      },
      [](const Statement& row) {
        app::KbHit hit;
        hit.article = ReadArticle(row);
        hit.text_score = row.Real(kVersionFirst + kVersionCount);
        return hit;
      });
}

Result<std::vector<std::string>> SqlKnowledgeStore::IndexTermsFrom(char first) {
  const std::string from(1, first);
  const auto byte = static_cast<unsigned char>(first);
  const std::string to(1, static_cast<char>(byte == 0xFF ? 0xFF : byte + 1));
  if (db_.dialect() == Dialect::kPostgres) {
    // Text there is valid UTF-8, and a lone first byte is not: the terms' first bytes compared.
    return db_.ReadAll<std::string>(
        "SELECT term FROM kb_terms WHERE get_byte(convert_to(term, 'UTF8'), 0) = ? ORDER BY term",
        [&](Statement& q) { q.Bind(1, std::int64_t{byte}); },
        [](const Statement& row) { return row.Text(0); });
  }
  return db_.ReadAll<std::string>(
      byte == 0xFF ? "SELECT term FROM kb_terms WHERE term >= ?1 AND ?2 IS NOT NULL"
                   : "SELECT term FROM kb_terms WHERE term >= ?1 AND term < ?2",
      [&](Statement& q) { q.Bind(1, from).Bind(2, to); },
      [](const Statement& row) { return row.Text(0); });
}

void SqlKnowledgeStore::Vote(std::int64_t article_id, bool helpful, app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [article_id, helpful](Connection& db) -> Status {
        return Execute(db,
                       helpful ? "UPDATE kb_articles SET helpful = helpful + 1 WHERE id = ?"
                               : "UPDATE kb_articles SET unhelpful = unhelpful + 1 WHERE id = ?",
                       [&](Statement& q) { q.Bind(1, article_id); });
      },
      std::move(done));
}

void SqlKnowledgeStore::RecordInformationRequest(app::InformationRequest request,
                                                 app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [r = std::move(request)](Connection& db) -> Status {
        auto before = QueryOne<std::pair<std::string, std::string>>(
            db, "SELECT outcome, articles FROM information_requests WHERE interaction_id = ?",
            [&](Statement& q) { q.Bind(1, r.interaction_id); },
            [](const Statement& row) {
              return std::pair{row.Text(0), row.Text(1)};
            });
        if (!before) {
          return before.error();
        }
        if (before.value() && before.value()->first == "answered") {
          if (auto s = CountCloses(db, DecodeIds(before.value()->second), -1); !s) {
            return s;
          }
        }
        using C = RequestColumn;
        static const std::string kSql = kRequests.Upsert(1);  // A contact's latest answer.
        auto s = Execute(db, kSql, [&](Statement& q) {
          q.Bind(ParamOf(C::kInteractionId), r.interaction_id);
          q.Bind(ParamOf(C::kQuestion), r.question).Bind(ParamOf(C::kQuestionKey), r.question_key);
          q.Bind(ParamOf(C::kTopic), r.topic).Bind(ParamOf(C::kOutcome), r.outcome);
          q.Bind(ParamOf(C::kArticleIds), EncodeIds(r.articles));
          q.Bind(ParamOf(C::kAgent), r.agent).Bind(ParamOf(C::kAt), ToMicros(r.at));
        });
        if (!s) {
          return s;
        }
        return r.outcome == "answered" ? CountCloses(db, r.articles, 1) : Status{};
      },
      std::move(done));
}

Result<app::QuestionReport> SqlKnowledgeStore::Questions(Timestamp from, Timestamp to) {
  app::QuestionReport out;
  const auto bind = [&](Statement& q) { q.Bind(1, ToMicros(from)).Bind(2, ToMicros(to)); };
  auto topics = db_.ReadAll<app::TopicQuestions>(
      "SELECT topic, COUNT(*), SUM(outcome = 'answered'), SUM(outcome = 'escalated'), "
      "SUM(outcome = 'escalated' OR articles = '[]') FROM information_requests WHERE at >= ?1 "
      "AND at < ?2 GROUP BY topic ORDER BY 2 DESC, topic",
      bind, [](const Statement& row) {
        return app::TopicQuestions{row.Text(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4)};
      });
  if (!topics) {
    return topics.error();
  }
  out.topics = std::move(topics.value());
  for (auto [list, having, order] :
       {std::tuple{&out.questions, "", "4 DESC"},
        std::tuple{&out.missing, " HAVING SUM(outcome = 'escalated' OR articles = '[]') > 0",
                   "5 DESC, 4 DESC"}}) {
    auto rows = db_.ReadAll<app::AskedQuestion>(
        // The group's latest wording of the question.
        std::string("SELECT topic, (SELECT l.question FROM information_requests l WHERE l.topic = "
                    "g.topic AND l.question_key = g.question_key AND l.at >= ?1 AND l.at < ?2 "
                    "ORDER BY l.at DESC LIMIT 1), MAX(at), COUNT(*), SUM(outcome = 'escalated' "
                    "OR articles = '[]') FROM information_requests g WHERE at >= ?1 AND at < ?2 "
                    "GROUP BY topic, question_key") +
            having + " ORDER BY " + order + ", topic, question_key LIMIT 50",
        bind, [](const Statement& row) {
          return app::AskedQuestion{row.Text(0), row.Text(1), row.Int(3), row.Int(4)};
        });
    if (!rows) {
      return rows.error();
    }
    *list = std::move(rows.value());
  }
  return out;
}

namespace {

// The columns of `consultations` (a question to the expert line, keyed by its interaction).
enum class ConsultationColumn {
  kInteractionId,
  kForInteraction,
  kAskedBy,
  kTopic,
  kQuestion,
  kAskedAt,
  kArticleId,
  kForwardedAt,
  kCount
};
constexpr Columns<ConsultationColumn> kConsultations{
    "consultations",
    {"interaction_id", "for_interaction", "asked_by", "topic", "question", "asked_at", "article_id",
     "forwarded_at"}};
const std::string kConsultationColumns = kConsultations.Select() + " FROM consultations";

app::Consultation ReadConsultation(const Statement& row) {
  using C = ConsultationColumn;
  app::Consultation c;
  c.id = row.Int(At(C::kInteractionId));
  c.for_interaction = row.Int(At(C::kForInteraction));
  c.asked_by = row.Text(At(C::kAskedBy));
  c.topic = row.Text(At(C::kTopic));
  c.question = row.Text(At(C::kQuestion));
  c.asked_at = FromMicros(row.Int(At(C::kAskedAt)));
  if (!row.IsNull(At(C::kArticleId))) {
    c.article = row.Int(At(C::kArticleId));
  }
  c.forwarded_at = OptionalTime(row, At(C::kForwardedAt));
  return c;
}

}  // namespace

void SqlKnowledgeStore::SaveConsultation(app::Consultation consultation,
                                         app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [c = std::move(consultation)](Connection& db) -> Status {
        using C = ConsultationColumn;
        static const std::string kSql = kConsultations.Upsert(1);
        return Execute(db, kSql, [&](Statement& q) {
          q.Bind(ParamOf(C::kInteractionId), c.id);
          q.Bind(ParamOf(C::kForInteraction), c.for_interaction);
          q.Bind(ParamOf(C::kAskedBy), c.asked_by).Bind(ParamOf(C::kTopic), c.topic);
          q.Bind(ParamOf(C::kQuestion), c.question);
          q.Bind(ParamOf(C::kAskedAt), ToMicros(c.asked_at));
          q.Bind(ParamOf(C::kArticleId), c.article);
          q.Bind(ParamOf(C::kForwardedAt), OptionalMicros(c.forwarded_at));
        });
      },
      std::move(done));
}

Result<std::optional<app::Consultation>> SqlKnowledgeStore::LoadConsultation(std::int64_t id) {
  return db_.ReadOne<app::Consultation>(
      std::string("SELECT ") + kConsultationColumns + " WHERE interaction_id = ?",
      [&](Statement& q) { q.Bind(1, id); }, ReadConsultation);
}

Result<std::vector<app::Consultation>> SqlKnowledgeStore::ListConsultations(
    std::string_view asked_by, int limit) {
  return db_.ReadAll<app::Consultation>(
      std::string("SELECT ") + kConsultationColumns +
          " WHERE ?1 = '' OR asked_by = ?1 ORDER BY interaction_id DESC LIMIT ?2",
      [&](Statement& q) { q.Bind(1, asked_by).Bind(2, static_cast<std::int64_t>(limit)); },
      ReadConsultation);
}

}  // namespace ratusz::store::sql
