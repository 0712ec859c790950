// The knowledge base over a real SQLite file with a fake clock: versions, review by the owner
// unit's editors, conflicts, validity, search (diacritics, word forms, typos, ranking learned
// from votes and closed questions), information requests, and the search quality on real
// residents' questions (tests/data/kb/questions.json, about the demo city's articles in
// config/demo/knowledge_base.json), measured for each way of matching words.

#include "app/knowledge_base.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "../support/fake_clock.hpp"
#include "common/time_format.hpp"
#include "store/sql/store.hpp"
#include "support/test_database.hpp"

namespace ratusz::app {
namespace {

namespace json = boost::json;

Timestamp At(const char* w3c) { return ParseW3c(w3c).value(); }

cases::Actor Staff(const char* id, cases::Role role, std::vector<std::string> units = {}) {
  return cases::Actor{id, role, {}, std::move(units)};
}

const cases::Actor kAdmin = Staff("user:admin", cases::Role::kAdmin);
const cases::Actor kAgent = Staff("user:ala", cases::Role::kAgent);
const cases::Actor kWasteEditor = Staff("user:ewa", cases::Role::kEditor, {"sanitation"});
const cases::Actor kRoadsEditor = Staff("user:jan", cases::Role::kEditor, {"roads-authority"});

kb::Content Simple(std::string title, std::string body, std::string owner = "sanitation") {
  kb::Content c;
  c.title_pl = std::move(title);
  c.body_pl = std::move(body);
  c.owner_unit = std::move(owner);
  c.audience = kb::Audience::kPublic;
  return c;
}

struct Labelled {
  std::string key;
  std::string topic;
  kb::Content content;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Strings(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& s : v.as_array()) {
    out.emplace_back(s.as_string());
  }
  return out;
}

std::vector<Labelled> LoadArticles() {
  std::vector<Labelled> out;
  const auto doc = json::parse(ReadFile(RATUSZ_SOURCE_DIR "/config/demo/knowledge_base.json"));
  for (const auto& item : doc.as_array()) {
    const auto& o = item.as_object();
    Labelled l;
    l.key = std::string(o.at("key").as_string());
    l.topic = std::string(o.at("topic").as_string());
    auto& c = l.content;
    c.title_pl = std::string(o.at("title_pl").as_string());
    c.title_en = std::string(o.at("title_en").as_string());
    c.body_pl = std::string(o.at("body_pl").as_string());
    c.body_en = std::string(o.at("body_en").as_string());
    c.keywords = Strings(o.at("keywords"));
    c.services = Strings(o.at("services"));
    c.owner_unit = std::string(o.at("owner_unit").as_string());
    c.audience = kb::ParseAudience(o.at("audience").as_string()).value();
    out.push_back(std::move(l));
  }
  return out;
}

class KnowledgeBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ratusz-kb-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Open(kb::Matching::kStems);
  }
  void TearDown() override {
    kb_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // A new database `name` in the test's directory.
  void Open(kb::Matching matching, const std::string& name = "kb") {
    kb_.reset();
    store_.reset();
    const auto path = dir_ / (name + ".db");
    auto s = store::sql::SqlStore::Open(testing::TestDatabase(path));
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(s).value();
    KnowledgeOptions options;
    options.matching = matching;
    options.topics = {{"waste", "Odpady", "Waste", ""}, {"roads", "Drogi", "Roads", ""}};
    kb_ = std::make_unique<KnowledgeBase>(store_->kb(), clock_, std::move(options));
    kb_->SetInteractionCheck([](const cases::Actor& actor, std::int64_t id) -> Status {
      if (actor.role == cases::Role::kAgent && id == 7) {
        return {};  // Ala handles contact 7.
      }
      return MakeError(ErrorCode::kPermissionDenied, "not your contact");
    });
  }

  Result<kb::Article> Write(const cases::Actor& actor, std::int64_t id, std::int64_t base,
                            kb::Content content, std::string reason = "test") {
    std::promise<Result<kb::Article>> done;
    kb_->Write(actor, id, base, std::move(content), std::move(reason),
               [&](Result<kb::Article> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }
  Result<kb::Article> Review(const cases::Actor& actor, std::int64_t id, std::int64_t version,
                             bool publish = true) {
    std::promise<Result<kb::Article>> done;
    kb_->Review(actor, id, version, publish, "",
                [&](Result<kb::Article> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }
  std::int64_t Published(kb::Content content) {
    auto a = Write(kAdmin, 0, 0, std::move(content));
    EXPECT_TRUE(a) << a.error().message;
    auto p = Review(kAdmin, a->id, 1);
    EXPECT_TRUE(p) << p.error().message;
    return a->id;
  }
  // Whether the vote counted.
  bool Vote(std::int64_t id, bool helpful, const std::string& voter) {
    std::promise<Result<bool>> done;
    kb_->Vote(nullptr, id, helpful, voter, [&](Result<bool> r) { done.set_value(std::move(r)); });
    auto counted = done.get_future().get();
    EXPECT_TRUE(counted) << counted.error().message;
    return counted && counted.value();
  }
  Status Inform(const cases::Actor& actor, InformationRequest r) {
    std::promise<Status> done;
    kb_->RecordInformation(actor, std::move(r), [&](Status s) { done.set_value(std::move(s)); });
    return done.get_future().get();
  }
  std::vector<std::int64_t> Found(std::string_view query, bool residents = true) {
    auto r = kb_->Search(query, residents, 10);
    EXPECT_TRUE(r) << r.error().message;
    std::vector<std::int64_t> ids;
    for (const auto& h : r->hits) {
      ids.push_back(h.article.id);
    }
    return ids;
  }

  std::filesystem::path dir_;
  testing::FakeClock clock_{At("2026-11-29T09:00:00Z")};
  std::unique_ptr<store::sql::SqlStore> store_;
  std::unique_ptr<KnowledgeBase> kb_;
};

TEST_F(KnowledgeBaseTest, EveryEditIsAVersionPublishedByTheOwnerUnitsEditor) {
  auto v1 = Write(kAgent, 0, 0, Simple("Odbiór gabarytów", "Raz na kwartał."), "");
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(v1->version.number, 1);
  EXPECT_EQ(v1->version.state, kb::VersionState::kDraft);
  EXPECT_EQ(v1->version.author, "user:ala");
  EXPECT_FALSE(v1->published_version);
  EXPECT_TRUE(Found("gabaryty").empty()) << "a draft is not searchable";

  // Only an editor of the owner unit (or an admin) publishes.
  EXPECT_EQ(Review(kAgent, v1->id, 1).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Review(kRoadsEditor, v1->id, 1).error().code, ErrorCode::kPermissionDenied);
  auto published = Review(kWasteEditor, v1->id, 1);
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(published->version.state, kb::VersionState::kPublished);
  EXPECT_EQ(published->version.reviewed_by, "user:ewa");
  EXPECT_EQ(Found("gabaryty"), std::vector<std::int64_t>{v1->id});

  // An edit needs a reason and the version it was based on.
  EXPECT_EQ(Write(kAgent, v1->id, 1, Simple("Odbiór gabarytów", "Co miesiąc."), "").error().field,
            "reason");
  auto v2 = Write(kAgent, v1->id, 1, Simple("Odbiór gabarytów", "Co miesiąc."), "nowa umowa");
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(v2->version.number, 2);
  // Two people edited version 1 at once: the second one is told, nothing is written.
  auto late = Write(kWasteEditor, v1->id, 1, Simple("Gabaryty", "Inaczej."), "poprawka");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->kb().ArticleVersions(v1->id)->size(), 2u);

  // Until version 2 is published, people read version 1.
  auto read = kb_->GetPublic(v1->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->version.number, 1);
  EXPECT_EQ(read->version.content.body_pl, "Raz na kwartał.");
  // Version 1 cannot be published again (not a draft), nor an older draft over a newer one.
  EXPECT_EQ(Review(kWasteEditor, v1->id, 1).error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(Review(kWasteEditor, v1->id, 2));
  read = kb_->GetPublic(v1->id);
  EXPECT_EQ(read->version.number, 2);
  EXPECT_EQ(read->version.content.body_pl, "Co miesiąc.");
  auto versions = kb_->Versions(kAgent, v1->id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].state, kb::VersionState::kPublished);
  EXPECT_EQ((*versions)[1].state, kb::VersionState::kSuperseded);
  EXPECT_EQ((*versions)[1].content.body_pl, "Raz na kwartał.") << "older versions stay readable";
  EXPECT_EQ(kb_->Get(kAgent, v1->id, 1)->version.content.body_pl, "Raz na kwartał.");

  // A rejected draft is kept, and the published text stays.
  auto v3 = Write(kAgent, v1->id, 2, Simple("Odbiór gabarytów", "Nigdy."), "pomyłka?");
  ASSERT_TRUE(v3);
  auto rejected = Review(kWasteEditor, v1->id, 3, false);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->version.state, kb::VersionState::kRejected);
  EXPECT_EQ(kb_->GetPublic(v1->id)->version.number, 2);

  // Moving an article to another unit needs an editor of both.
  auto moved = Simple("Odbiór gabarytów", "Co miesiąc.", "roads-authority");
  ASSERT_TRUE(Write(kAgent, v1->id, 3, moved, "inna jednostka"));
  EXPECT_EQ(Review(kRoadsEditor, v1->id, 4).error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Review(kAdmin, v1->id, 4));
}

TEST_F(KnowledgeBaseTest, ResidentsSeeOnlyPublicArticlesInForce) {
  auto internal = Simple("Procedura nocna", "Przełącz na 112.");
  internal.audience = kb::Audience::kInternal;
  const auto procedure = Published(internal);
  auto fees = Simple("Opłata za śmieci", "Stawka od osoby.");
  fees.valid_until = At("2026-12-31T23:00:00Z");  // "Valid until the new fee schedule".
  const auto fee = Published(fees);

  EXPECT_TRUE(Found("procedura", true).empty());
  EXPECT_EQ(Found("procedura", false), std::vector<std::int64_t>{procedure});
  EXPECT_EQ(kb_->GetPublic(procedure).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Found("opłata śmieci"), std::vector<std::int64_t>{fee});

  clock_.Advance(std::chrono::hours(24 * 40));  // The new year: the fee article expired.
  EXPECT_TRUE(Found("opłata śmieci").empty());
  EXPECT_EQ(kb_->GetPublic(fee).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Found("opłata śmieci", false), std::vector<std::int64_t>{fee}) << "staff still see it";
  KbListQuery expired;
  expired.state = "expired";
  auto flagged = kb_->List(&kAgent, expired);
  ASSERT_TRUE(flagged);
  ASSERT_EQ(flagged->size(), 1u);
  EXPECT_EQ((*flagged)[0].id, fee);
  expired.owner_unit = "roads-authority";
  EXPECT_TRUE(kb_->List(&kAgent, expired)->empty());
  // Residents' list of the FAQ: public articles in force only.
  EXPECT_TRUE(kb_->List(nullptr, KbListQuery{})->empty());
}

TEST_F(KnowledgeBaseTest, SearchFoldsDiacriticsMatchesWordFormsAndForgivesTypos) {
  const auto street = Published(Simple("Remont ulicy Źródłowej", "Objazd przez ulicę Łąkową."));
  const auto waste = Published(Simple("Co zrobić ze śmieciami", "Segregacja w domu."));
  const auto parking = Published(Simple("Odholowany samochód", "Parking strzeżony."));

  EXPECT_EQ(Found("zrodlowa"), std::vector<std::int64_t>{street});
  EXPECT_EQ(Found("ŹRÓDŁOWA"), std::vector<std::int64_t>{street});
  EXPECT_EQ(Found("lakowa"), std::vector<std::int64_t>{street});
  for (const char* form : {"śmieci", "śmieciami", "śmieciach", "smieci"}) {
    EXPECT_EQ(Found(form), std::vector<std::int64_t>{waste}) << form;
  }
  // Short queries forgive a typo: the query term that the index lacks is replaced by the
  // index's nearest terms.
  auto typo = kb_->Search("odholowany samochdu", true, 10);
  ASSERT_TRUE(typo);
  ASSERT_FALSE(typo->hits.empty());
  EXPECT_EQ(typo->hits[0].article.id, parking);
  EXPECT_FALSE(typo->corrections.empty());
  EXPECT_EQ(Found("samohcod"), std::vector<std::int64_t>{parking}) << "a transposition";
  // Query syntax is not FTS5 syntax: quotes, stars and operators are just text.
  EXPECT_TRUE(kb_->Search("\"NEAR(a b)\" OR * AND -", true, 10));
  EXPECT_TRUE(Found("").empty());
  // As the resident types: the unfinished last word matches longer words.
  auto typing = kb_->Search("odholo", true, 10, true);
  ASSERT_TRUE(typing);
  ASSERT_EQ(typing->hits.size(), 1u);
  EXPECT_EQ(typing->hits[0].article.id, parking);
}

TEST_F(KnowledgeBaseTest, TitleHitsRankAboveBodyHitsAndUseTeachesTheRanking) {
  const auto body = Published(Simple("Harmonogram odbioru", "Odbieramy też choinki w styczniu."));
  const auto title = Published(Simple("Choinki po świętach", "W styczniu odbieramy je z bio."));
  EXPECT_EQ(Found("choinki"), (std::vector<std::int64_t>{title, body}));

  // Two articles that match alike: the one that helped people comes first.
  const auto a = Published(Simple("Wniosek o abonament", "Abonament parkingowy."));
  const auto b = Published(Simple("Wniosek o abonament", "Abonament parkingowy."));
  EXPECT_EQ(Found("abonament").front(), a) << "ties go by insertion";
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Vote(b, true, "10.0.0." + std::to_string(i)));
  }
  EXPECT_EQ(Found("abonament").front(), b);
  // One voter voting again and again counts once a day.
  EXPECT_FALSE(Vote(b, true, "10.0.0.1"));
  EXPECT_EQ(store_->kb().LoadArticle(b, 0).value()->helpful, 3);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(Vote(b, false, "10.0.1." + std::to_string(i)));
  }
  EXPECT_EQ(Found("abonament").front(), a);
  // An information request that `b` answered lifts it again.
  InformationRequest r;
  r.interaction_id = 7;
  r.question = "Jak dostać abonament?";
  r.topic = "roads";
  r.outcome = "answered";
  r.articles = {b};
  ASSERT_TRUE(Inform(kAgent, r));
  r.interaction_id = 7;  // Recorded again (the agent corrected it): counted once.
  ASSERT_TRUE(Inform(kAgent, r));
  EXPECT_EQ(store_->kb().LoadArticle(b, 0).value()->closes, 1);
}

TEST_F(KnowledgeBaseTest, InformationRequestsAreCountedPerTopic) {
  const auto fee = Published(Simple("Opłata za śmieci", "Do 15. dnia miesiąca."));
  InformationRequest r;
  r.interaction_id = 7;
  r.question = "Do kiedy płacić za śmieci?";
  r.topic = "waste";
  r.outcome = "answered";
  r.articles = {fee};
  EXPECT_EQ(Inform(kWasteEditor, r).error().code, ErrorCode::kPermissionDenied);
  r.topic = "nope";
  EXPECT_EQ(Inform(kAgent, r).error().field, "topic");
  r.topic = "waste";
  r.articles = {fee + 100};
  EXPECT_EQ(Inform(kAgent, r).error().field, "articles");
  r.articles = {fee};
  r.outcome = "maybe";
  EXPECT_EQ(Inform(kAgent, r).error().field, "outcome");
  r.outcome = "answered";
  ASSERT_TRUE(Inform(kAgent, r));

  // The same contact, corrected: the question had no answer and went to the experts.
  r.outcome = "escalated";
  r.articles = {};
  r.question = "do KIEDY płacić za śmieci";
  ASSERT_TRUE(Inform(kAgent, r));
  EXPECT_EQ(store_->kb().LoadArticle(fee, 0).value()->closes, 0);

  auto report = kb_->Questions(kAdmin, At("2026-11-01T00:00:00Z"), At("2026-12-01T00:00:00Z"));
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->topics.size(), 1u);
  EXPECT_EQ(report->topics[0].topic, "waste");
  EXPECT_EQ(report->topics[0].asked, 1);
  EXPECT_EQ(report->topics[0].escalated, 1);
  EXPECT_EQ(report->topics[0].without_article, 1);
  ASSERT_EQ(report->missing.size(), 1u);
  EXPECT_EQ(report->missing[0].question, "do KIEDY płacić za śmieci");
  EXPECT_EQ(kb_->Questions(kAgent, clock_.Now(), clock_.Now()).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(KnowledgeBaseTest, BadContentIsRefusedWithTheField) {
  auto c = Simple("", "Treść");
  EXPECT_EQ(Write(kAgent, 0, 0, c).error().field, "title_pl");
  c = Simple("Tytuł", std::string(70 * 1024, 'a'));
  EXPECT_EQ(Write(kAgent, 0, 0, c).error().field, "body_pl");
  c = Simple("Tytuł\nz nową linią", "Treść");
  EXPECT_EQ(Write(kAgent, 0, 0, c).error().field, "title_pl");
  c = Simple("Tytuł", "Treść");
  c.title_en = "Title";
  EXPECT_EQ(Write(kAgent, 0, 0, c).error().field, "body_en");
  c = Simple("Tytuł", "Treść\x01");
  EXPECT_EQ(Write(kAgent, 0, 0, c).error().field, "body_pl");
  c = Simple("Tytuł", "Treść");
  c.valid_from = At("2027-01-01T00:00:00Z");
  c.valid_until = At("2026-01-01T00:00:00Z");
  EXPECT_EQ(Write(kAgent, 0, 0, c).error().field, "valid_until");
  EXPECT_EQ(Write(Staff("user:a", cases::Role::kAuditor), 0, 0, Simple("T", "B")).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Write(kAgent, 999, 1, Simple("T", "B"), "x").error().code, ErrorCode::kNotFound);
}

// recall@k over the question set: the share of questions whose expected article is among the
// first k results.
struct Quality {
  double recall1 = 0;
  double recall3 = 0;
  double mrr = 0;
  std::vector<std::string> missed;  // Not in the first three.
};

TEST_F(KnowledgeBaseTest, SearchQualityOnResidentsQuestions) {
  const auto articles = LoadArticles();
  const auto questions = json::parse(ReadFile(RATUSZ_SOURCE_DIR "/tests/data/kb/questions.json"));
  ASSERT_GE(articles.size(), 50u);
  ASSERT_GE(questions.as_array().size(), 50u);
  // The three ways of matching, and stems once more without the articles' keywords (the
  // questions and the keywords were written by the same people: this shows what the text alone
  // finds).
  enum Variant { kWords, kPrefix5, kStems, kStemsWithoutKeywords };
  std::map<Variant, Quality> measured;
  for (const auto variant : {kWords, kPrefix5, kStems, kStemsWithoutKeywords}) {
    Open(variant == kWords     ? kb::Matching::kWords
         : variant == kPrefix5 ? kb::Matching::kPrefix5
                               : kb::Matching::kStems,
         "variant-" + std::to_string(variant));
    std::map<std::int64_t, std::string> key_of;
    for (const auto& a : articles) {
      auto content = a.content;
      if (variant == kStemsWithoutKeywords) {
        content.keywords.clear();
      }
      key_of[Published(std::move(content))] = a.key;
    }
    Quality q;
    for (const auto& item : questions.as_array()) {
      const std::string question(item.at("question").as_string());
      const std::string expected(item.at("expected").as_string());
      auto found = kb_->Search(question, false, 10);
      ASSERT_TRUE(found) << found.error().message;
      std::size_t rank = 0;
      for (std::size_t i = 0; i < found->hits.size() && rank == 0; ++i) {
        rank = key_of[found->hits[i].article.id] == expected ? i + 1 : 0;
      }
      q.recall1 += rank == 1 ? 1 : 0;
      q.recall3 += rank >= 1 && rank <= 3 ? 1 : 0;
      q.mrr += rank == 0 ? 0 : 1.0 / static_cast<double>(rank);
      if (rank == 0 || rank > 3) {
        q.missed.push_back(question + " -> " + expected);
      }
    }
    const auto n = static_cast<double>(questions.as_array().size());
    q.recall1 /= n;
    q.recall3 /= n;
    q.mrr /= n;
    measured[variant] = q;
  }
  const char* names[] = {"exact folded words", "five-letter prefixes", "Polish stems",
                         "stems, no keywords"};
  for (const auto& [variant, q] : measured) {
    std::printf("%-22s recall@1 %.3f  recall@3 %.3f  MRR %.3f\n", names[variant], q.recall1,
                q.recall3, q.mrr);
  }
  for (const auto& m : measured[kStems].missed) {
    std::printf("  not in the first three (stems): %s\n", m.c_str());
  }
  // What residents would notice: most questions find their answer on the first screen, and
  // stemming finds more than matching whole words.
  EXPECT_GE(measured[kStems].recall3, 0.85);
  EXPECT_GT(measured[kStems].recall3, measured[kWords].recall3);
}

}  // namespace
}  // namespace ratusz::app
