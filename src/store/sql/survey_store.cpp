// SqlSurveyStore: residents' answers to the survey about their closed case.

#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"
#include "store/sql/table.hpp"

namespace ratusz::store::sql {
namespace {

// The columns of `surveys`, in the order of kSurveys.
enum class SurveyColumn {
  kCaseId,
  kScore,
  kFixed,
  kComment,
  kAnsweredBy,
  kAnsweredAt,
  kServiceCode,
  kDepartment,
  kCaseChannel,
  kCount
};
constexpr Columns<SurveyColumn> kSurveys{
    "surveys",
    {"case_id", "score", "fixed", "comment", "answered_by", "answered_at", "service_code",
     "department", "case_channel"}};

}  // namespace

void SqlSurveyStore::SaveSurvey(app::SurveyAnswer a, app::Callback<Result<bool>> done) {
  SubmitJob<bool>(
      db_.writer(),
      [a = std::move(a)](Connection& db) -> Result<bool> {
        using C = SurveyColumn;
        // A second answer for the case is not taken: the first stands.
        static const std::string kSql = kSurveys.InsertOrIgnore();
        auto st = Execute(db, kSql, [&](Statement& q) {
          q.Bind(ParamOf(C::kCaseId), a.case_id);
          q.Bind(ParamOf(C::kScore),
                 a.score ? std::optional<std::int64_t>(*a.score) : std::nullopt);
          q.Bind(ParamOf(C::kFixed), std::int64_t{a.fixed ? 1 : 0});
          q.Bind(ParamOf(C::kComment), a.comment).Bind(ParamOf(C::kAnsweredBy), a.answered_by);
          q.Bind(ParamOf(C::kAnsweredAt), ToMicros(a.answered_at));
          q.Bind(ParamOf(C::kServiceCode), a.service_code);
          q.Bind(ParamOf(C::kDepartment), a.department);
          q.Bind(ParamOf(C::kCaseChannel), a.case_channel);
        });
        if (!st) {
          return st.error();
        }
        return db.Changes() > 0;
      },
      std::move(done));
}

Result<std::optional<std::string>> SqlSurveyStore::LatestClosedCaseOf(std::string_view phone_lookup,
                                                                      Timestamp since) {
  if (phone_lookup.empty()) {
    return std::optional<std::string>();
  }
  static const std::string kSql =
      "SELECT number FROM cases WHERE reporter_phone_lookup = ? AND updated_at >= ? "
      "AND status IN (" +
      StatusList(false) + ") ORDER BY updated_at DESC LIMIT 1";
  return db_.ReadOne<std::string>(
      kSql, [&](Statement& q) { q.Bind(1, phone_lookup).Bind(2, ToMicros(since)); },
      [](const Statement& s) { return s.Text(0); });
}

Result<std::vector<app::SurveyGroup>> SqlSurveyStore::SurveyResults(Timestamp from, Timestamp to,
                                                                    std::string_view by) {
  const std::string column = by == "unit"      ? "department"
                             : by == "channel" ? "case_channel"
                                               : "service_code";
  return db_.ReadAll<app::SurveyGroup>(
      "SELECT " + column +
          ", COUNT(*), COALESCE(AVG(score), 0), SUM(score = 1), SUM(score = 2), SUM(score = 3), "
          "SUM(score = 4), SUM(score = 5), SUM(fixed = 0) FROM surveys "
          "WHERE answered_at >= ? AND answered_at < ? GROUP BY 1 ORDER BY 2 DESC, 1",
      [&](Statement& q) { q.Bind(1, ToMicros(from)).Bind(2, ToMicros(to)); },
      [](const Statement& s) {
        app::SurveyGroup g;
        g.key = s.Text(0);
        g.answers = s.Int(1);
        g.average = s.Real(2);
        for (int i = 0; i < 5; ++i) {
          g.scores[static_cast<std::size_t>(i)] = s.IsNull(3 + i) ? 0 : s.Int(3 + i);
        }
        g.not_fixed = s.IsNull(8) ? 0 : s.Int(8);
        return g;
      });
}

}  // namespace ratusz::store::sql
