// The SQLite store against a real database file in a temporary directory.

#include "store/sql/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "cases/case_number.hpp"
#include "store/sqlite/connection.hpp"
#include "support/test_database.hpp"

namespace ratusz::store::sql {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ratusz-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "ratusz.db").string();
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen(int recent_days = 0) {
    store_.reset();
    StoreOptions options = testing::TestDatabase(path_, 256);
    options.recent_days = recent_days;
    options.jurisdictions = {"wroclaw.pl"};
    options.now = [this] { return t0_ + std::chrono::hours(24); };
    auto s = SqlStore::Open(options);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(s).value();
  }

  static app::CreateCaseCommand Command(std::string jurisdiction, std::string code, Timestamp at,
                                        std::string token_secret) {
    app::CreateCaseCommand c;
    c.request.jurisdiction_id = std::move(jurisdiction);
    c.request.service_code = std::move(code);
    c.request.description = "Dziura 'quoted' \"; DROP TABLE cases; --";
    c.request.location = cases::GeoPoint{51.1, 17.0};
    c.request.attributes = {{"size", {"large"}}, {"hazards", {"water", "cars"}}};
    c.request.media_urls = {"https://example.pl/1.jpg"};
    c.request.reporter.email = "jan@example.pl";
    c.token_secret = std::move(token_secret);
    c.request.requested_at = at;
    c.request.updated_at = at;
    return c;
  }

  Result<app::CreatedCase> Create(app::CreateCaseCommand c) {
    std::promise<Result<app::CreatedCase>> p;
    store_->cases().CreateCase(std::move(c), [&p](Result<app::CreatedCase> r) { p.set_value(r); });
    return p.get_future().get();
  }

  Result<cases::CaseEvent> Update(app::NewUpdate u) {
    std::promise<Result<cases::CaseEvent>> p;
    store_->cases().AddUpdate(std::move(u), [&p](Result<cases::CaseEvent> r) { p.set_value(r); });
    return p.get_future().get();
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<SqlStore> store_;
  Timestamp t0_ = FromMicros(1'780'000'000'000'000);
};

TEST_F(StoreTest, StoresAndReadsACaseWithEverything) {
  auto created = Create(Command("a.pl", "pothole", t0_, "tok1"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_FALSE(created->replayed);
  EXPECT_EQ(created->request.number, cases::CaseNumberFor(1));

  auto found = store_->cases().FindByNumber(created->request.number);
  ASSERT_TRUE(found && found.value()) << (found ? "none" : found.error().message);
  const cases::ServiceRequest& r = *found.value();
  EXPECT_EQ(r.description, "Dziura 'quoted' \"; DROP TABLE cases; --");
  EXPECT_EQ(r.attributes.size(), 2u);
  EXPECT_EQ(r.attributes[1].values, (std::vector<std::string>{"water", "cars"}));
  EXPECT_EQ(r.media_urls.front(), "https://example.pl/1.jpg");
  EXPECT_EQ(r.reporter.email, "jan@example.pl");
  EXPECT_EQ(r.requested_at, t0_);
  ASSERT_TRUE(r.location);
  EXPECT_DOUBLE_EQ(r.location->lon, 17.0);

  EXPECT_EQ(r.token, created->request.token);
  EXPECT_EQ(r.token.substr(8), "tok1");
  auto by_token = store_->cases().FindByToken(r.token);
  ASSERT_TRUE(by_token && by_token.value());
  EXPECT_EQ(by_token.value()->number, r.number);
  auto guessed = store_->cases().FindByToken(r.token.substr(0, 8) + "tok2");
  ASSERT_TRUE(guessed);
  EXPECT_FALSE(guessed.value()) << "the number alone must not open the token";
}

TEST_F(StoreTest, CasesSurviveReopeningAndIdsAreNeverReused) {
  auto first = Create(Command("a.pl", "pothole", t0_, "t1"));
  ASSERT_TRUE(first);
  Reopen();
  auto again = store_->cases().FindByNumber(first->request.number);
  ASSERT_TRUE(again && again.value());
  auto second = Create(Command("a.pl", "pothole", t0_, "t2"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->request.number, cases::CaseNumberFor(2));
}

TEST_F(StoreTest, IdempotencyKeysAreScopedPerClient) {
  auto c = Command("a.pl", "pothole", t0_, "t1");
  c.idempotency_key = "key";
  c.client_id = 1;
  c.fingerprint = "body";
  auto first = Create(c);
  c.token_secret = "t2";
  auto replay = Create(c);
  ASSERT_TRUE(first && replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(first->request.number, replay->request.number);
  c.fingerprint = "another body";
  auto conflict = Create(c);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  c.client_id = 2;  // Another client may use the same key.
  c.token_secret = "t3";
  auto other = Create(c);
  ASSERT_TRUE(other);
  EXPECT_NE(other->request.number, first->request.number);
}

TEST_F(StoreTest, ListsWithFilters) {
  for (int i = 0; i < 10; ++i) {
    auto c = Command(i % 2 ? "a.pl" : "b.pl", i % 3 ? "pothole" : "graffiti",
                     t0_ + std::chrono::hours(i), "t" + std::to_string(i));
    ASSERT_TRUE(Create(c));
  }
  app::RequestQuery q;
  q.jurisdiction_id = "a.pl";
  auto a = store_->cases().ListRequests(q);
  ASSERT_TRUE(a);
  ASSERT_EQ(a->size(), 5u);
  EXPECT_GT(a->front().requested_at, a->back().requested_at);  // Newest first.
  q.service_codes = {"graffiti"};
  EXPECT_EQ(store_->cases().ListRequests(q)->size(), 2u);  // i = 3, 9
  q.service_codes.clear();
  q.requested_from = t0_ + std::chrono::hours(3);
  q.requested_to = t0_ + std::chrono::hours(7);
  EXPECT_EQ(store_->cases().ListRequests(q)->size(), 3u);  // i = 3, 5, 7
  q.requested_from.reset();
  q.requested_to.reset();
  q.limit = 2;
  q.offset = 4;
  EXPECT_EQ(store_->cases().ListRequests(q)->size(), 1u);
  app::RequestQuery by_number;
  by_number.jurisdiction_id = "a.pl";
  by_number.numbers = {cases::CaseNumberFor(2), cases::CaseNumberFor(1)};
  by_number.service_codes = {"nothing"};  // Ignored when numbers are given.
  EXPECT_EQ(store_->cases().ListRequests(by_number)->size(), 1u);  // Case 1 is in b.pl.
}

TEST_F(StoreTest, UpdatesChangeStatusAndAppearAsPublicEvents) {
  auto created = Create(Command("a.pl", "pothole", t0_, "t1"));
  ASSERT_TRUE(created);
  app::NewUpdate u;
  u.case_number = created->request.number;
  u.status = cases::Status::kFixed;
  u.description = "Naprawione";
  u.actor = "open311:1";
  u.external_id = "fms-1";
  u.at = t0_ + std::chrono::minutes(5);
  auto event = Update(u);
  ASSERT_TRUE(event) << event.error().message;
  auto again = Update(u);  // The same update_id from the same client: the same event.
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, event->id);

  auto r = store_->cases().FindByNumber(created->request.number);
  EXPECT_EQ(r.value()->status, cases::Status::kFixed);
  EXPECT_EQ(r.value()->status_notes, "Naprawione");
  EXPECT_EQ(r.value()->updated_at, u.at);

  app::RequestQuery closed;
  closed.jurisdiction_id = "a.pl";
  closed.open = false;
  EXPECT_EQ(store_->cases().ListRequests(closed)->size(), 1u);

  auto updates = store_->cases().ListUpdates({"a.pl", t0_, t0_ + std::chrono::hours(1), 100});
  ASSERT_TRUE(updates);
  ASSERT_EQ(updates->size(), 1u);  // The creation itself is not an update.
  EXPECT_EQ(updates->front().case_number, created->request.number);
  EXPECT_EQ(updates->front().status, cases::Status::kFixed);
  EXPECT_TRUE(
      store_->cases().ListUpdates({"b.pl", t0_, t0_ + std::chrono::hours(1), 100})->empty());
}

TEST_F(StoreTest, GroupCommitAnswersEveryConcurrentWriter) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 250;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  std::mutex numbers_mutex;
  std::set<std::string> numbers;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::future<Result<app::CreatedCase>>> waits;
      for (int i = 0; i < kPerThread; ++i) {
        auto p = std::make_shared<std::promise<Result<app::CreatedCase>>>();
        waits.push_back(p->get_future());
        store_->cases().CreateCase(Command("a.pl", "pothole", t0_, std::to_string(t * 1000 + i)),
                                   [p](Result<app::CreatedCase> r) { p->set_value(r); });
      }
      for (auto& w : waits) {
        auto r = w.get();
        if (r) {
          ok.fetch_add(1);
          std::lock_guard lock(numbers_mutex);
          numbers.insert(r->request.number);
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST_F(StoreTest, AccountsKeysAndSessions) {
  app::User u;
  u.username = "anna";
  u.role = app::Role::kSupervisor;
  u.jurisdictions = {"a.pl", "b.pl"};
  u.created_at = t0_;
  auto added = store_->accounts().AddUser(u, "hash");
  ASSERT_TRUE(added);
  EXPECT_FALSE(store_->accounts().AddUser(u, "hash"));  // Same username.
  auto found = store_->accounts().FindUserByName("anna");
  ASSERT_TRUE(found && found.value());
  EXPECT_EQ(found.value()->first.jurisdictions, u.jurisdictions);
  EXPECT_EQ(found.value()->second, "hash");

  ASSERT_TRUE(
      store_->accounts().AddSession("session-hash", added->id, t0_ + std::chrono::hours(1)));
  EXPECT_TRUE(store_->accounts().FindSession("session-hash", t0_).value());
  EXPECT_FALSE(store_->accounts().FindSession("session-hash", t0_ + std::chrono::hours(2)).value());
  ASSERT_TRUE(store_->accounts().SetUserDisabled("anna", true));
  EXPECT_FALSE(store_->accounts().FindSession("session-hash", t0_).value());
  EXPECT_FALSE(store_->accounts().SetUserDisabled("nobody", true));

  app::ApiKey key;
  key.name = "App";
  key.prefix = "abc";
  key.created_at = t0_;
  auto k = store_->accounts().AddApiKey(key, "key-hash");
  ASSERT_TRUE(k);
  EXPECT_TRUE(store_->accounts().FindApiKey("key-hash").value());
  ASSERT_TRUE(store_->accounts().RevokeApiKey(k->id));
  EXPECT_FALSE(store_->accounts().FindApiKey("key-hash").value());
}

TEST_F(StoreTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_TRUE(store_->database().writer().RunAndWait(
      [](Connection& db) { return db.SetSchemaVersion(999); }));
  store_.reset();
  auto s = SqlStore::Open(testing::TestDatabase(path_, 16));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
}

TEST_F(StoreTest, DuplicateSearchFromMemoryAgreesWithTheIndex) {
  // Cases around one spot: several services, places and times; one closed by an update.
  Reopen(/*recent_days=*/31);
  for (int i = 0; i < 40; ++i) {
    auto c = Command("wroclaw.pl", i % 3 == 0 ? "noise" : "pothole",
                     t0_ - std::chrono::hours(12 * i), "s" + std::to_string(i));
    c.request.location = cases::GeoPoint{51.1 + 0.0002 * (i % 9), 17.0 + 0.0003 * (i % 7)};
    c.request.description = i % 2 == 0 ? "Dziura na przejściu" : "Wyrwa w jezdni";
    ASSERT_TRUE(Create(std::move(c)));
  }
  app::NewUpdate closed;
  closed.case_number = cases::CaseNumberFor(2);
  closed.status = cases::Status::kFixed;
  closed.description = "Naprawione";
  closed.at = t0_;
  ASSERT_TRUE(Update(closed));

  const dedup::Probe probe{"wroclaw.pl", "pothole", {51.1004, 17.0006}, t0_, "dziura"};
  const dedup::Rule rule{100, 30, {"noise"}};
  const auto box = dedup::BoxFor(probe, rule);
  const auto rank = [&] {
    auto located = store_->cases().CasesInBox("wroclaw.pl", box, 1000);
    EXPECT_TRUE(located);
    return dedup::RankLazily(
        probe, rule, std::move(located).value(),
        [&](std::vector<dedup::Stored>& batch) {
          return static_cast<bool>(store_->cases().CompleteCandidates(batch));
        },
        0.0, 100);
  };
  const auto from_memory = rank();
  Reopen(/*recent_days=*/0);
  const auto from_index = rank();
  ASSERT_FALSE(from_index.empty());
  ASSERT_EQ(from_memory.size(), from_index.size());
  for (std::size_t i = 0; i < from_index.size(); ++i) {
    EXPECT_EQ(from_memory[i].number, from_index[i].number) << i;
    EXPECT_DOUBLE_EQ(from_memory[i].score, from_index[i].score) << i;
    EXPECT_EQ(from_memory[i].status, from_index[i].status) << i;
  }
  EXPECT_TRUE(std::any_of(from_index.begin(), from_index.end(), [](const dedup::Candidate& c) {
    return c.status == cases::Status::kFixed;
  }));
}

TEST_F(StoreTest, BackupIsACompleteDatabase) {
  auto created = Create(Command("a.pl", "pothole", t0_, "t1"));
  ASSERT_TRUE(created);
  const std::string copy = (dir_ / "backup.db").string();
  ASSERT_TRUE(store_->Backup(copy));
  StoreOptions options = testing::TestDatabase(copy, 16);
  if (!options.url.empty()) {
    // PostgreSQL's backup is pg_dump's archive: restored into an empty database, it is whole.
    const std::string restore =
        "pg_restore --no-owner --dbname='" + options.url + "' '" + copy + "'";
    ASSERT_EQ(std::system(restore.c_str()), 0) << restore;
  }
  auto restored = SqlStore::Open(options);
  ASSERT_TRUE(restored);
  auto found = restored.value()->cases().FindByNumber(created->request.number);
  ASSERT_TRUE(found && found.value());
}

// The single writer on a database of its own, with the tables a test creates.
class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ratusz-writer-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "w.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Connection> Create(const std::string& schema) {
    auto conn = Connect(testing::TestDatabase(path_), Connection::Mode::kReadWrite);
    EXPECT_TRUE(conn && (*conn)->Exec(schema));
    return conn ? std::move(conn).value() : nullptr;
  }

  // The first row of a query, as integers, read by a connection of its own.
  std::vector<std::int64_t> Row(const std::string& sql, int columns) {
    auto check = Connect(testing::TestDatabase(path_), Connection::Mode::kReadOnly);
    EXPECT_TRUE(check);
    auto stmt = (*check)->PrepareOnce(sql);
    EXPECT_TRUE(stmt && (*stmt)->Step().value());
    std::vector<std::int64_t> out;
    for (int c = 0; c < columns; ++c) {
      out.push_back((*stmt)->Int(c));
    }
    return out;
  }

  // A job that runs `sql` and then fails when `fail` is set.
  struct Empty {};
  static std::unique_ptr<WriteJob> Job(std::string sql, bool fail,
                                       std::function<void(Status)> done) {
    return std::make_unique<FunctionJob<Empty>>(
        [sql = std::move(sql), fail](Connection& db) -> Result<Empty> {
          if (auto s = db.Exec(sql); !s) {
            return s.error();
          }
          if (fail) {  // After it has written.
            return MakeError(ErrorCode::kInvalidArgument, "the job failed");
          }
          return Empty{};
        },
        [done = std::move(done)](Result<Empty> r) { done(r ? Status{} : Status{r.error()}); });
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(WriterTest, AFailedJobIsRolledBackAloneAndOthersCommit) {
  auto conn = Create("CREATE TABLE t (x INTEGER)");
  std::vector<std::future<Status>> results;
  {
    Writer writer(std::move(conn), WriterOptions{});
    for (int i = 1; i <= 30; ++i) {
      auto p = std::make_shared<std::promise<Status>>();
      results.push_back(p->get_future());
      writer.Submit(Job("INSERT INTO t VALUES (" + std::to_string(i) + ")", i % 3 == 0,
                        [p](Status s) { p->set_value(std::move(s)); }));
    }
  }
  for (int i = 1; i <= 30; ++i) {
    EXPECT_EQ(results[static_cast<std::size_t>(i - 1)].get().ok(), i % 3 != 0) << i;
  }
  EXPECT_EQ(Row("SELECT COUNT(*), SUM(CASE WHEN x % 3 = 0 THEN 1 ELSE 0 END) FROM t", 2),
            (std::vector<std::int64_t>{20, 0}));
}

TEST_F(WriterTest, ASentStatementThatFailsFailsItsJobAlone) {
  auto conn = Create("CREATE TABLE t (x INTEGER PRIMARY KEY)");
  std::vector<std::future<Status>> results;
  {
    Writer writer(std::move(conn), WriterOptions{});
    // The first job holds the writer, so that the others wait and share one transaction.
    writer.Submit(std::make_unique<FunctionJob<Empty>>(
        [](Connection&) -> Result<Empty> {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          return Empty{};
        },
        [](Result<Empty>) {}));
    for (int i = 1; i <= 30; ++i) {
      auto p = std::make_shared<std::promise<Status>>();
      results.push_back(p->get_future());
      writer.Submit(std::make_unique<FunctionJob<Empty>>(
          [i](Connection& db) -> Result<Empty> {
            // Sent, not waited for: a failure is found later, by this job or another.
            if (auto s = Send(db, "INSERT INTO t VALUES (?)",
                              [&](Statement& q) { q.Bind(1, std::int64_t{i}); });
                !s) {
              return s.error();
            }
            if (i % 3 == 0) {  // A row that job 1 wrote: the key refuses it.
              if (auto s = Send(db, "INSERT INTO t VALUES (1)", [](Statement&) {}); !s) {
                return s.error();
              }
            }
            if (i % 5 == 0) {  // A read, which waits for what was sent before it.
              auto n = Query<std::int64_t>(
                  db, "SELECT COUNT(*) FROM t", [](Statement&) {},
                  [](const Statement& row) { return row.Int(0); });
              if (!n) {
                return n.error();
              }
            }
            return Empty{};
          },
          [p](Result<Empty> r) { p->set_value(r ? Status{} : Status{r.error()}); }));
    }
  }
  for (int i = 1; i <= 30; ++i) {
    const Status s = results[static_cast<std::size_t>(i - 1)].get();
    EXPECT_EQ(s.ok(), i % 3 != 0) << i << (s ? "" : ": " + s.error().message);
  }
  // Every job that did not fail committed its row; a failed job's row is not there.
  EXPECT_EQ(Row("SELECT COUNT(*), SUM(CASE WHEN x % 3 = 0 THEN 1 ELSE 0 END) FROM t", 2),
            (std::vector<std::int64_t>{20, 0}));
}

TEST_F(WriterTest, WorkBeforeCommitThatFailsLosesNoJob) {
  auto conn = Create("CREATE TABLE t (x INTEGER); CREATE TABLE summary (n INTEGER)");
  int hooks = 0;
  {
    // The hook sums what the batch wrote; every other time it writes and then fails.
    Writer writer(std::move(conn), WriterOptions{}, [&hooks](Connection& db) -> Status {
      if (auto s = db.Exec("INSERT INTO summary SELECT COUNT(*) FROM t"); !s) {
        return s;
      }
      if (hooks++ % 2 == 1) {
        return MakeError(ErrorCode::kInternal, "the hook failed");
      }
      return {};
    });
    for (int round = 0; round < 4; ++round) {
      ASSERT_TRUE(
          writer.RunAndWait([](Connection& db) { return db.Exec("INSERT INTO t VALUES (1)"); }));
    }
  }
  EXPECT_EQ(hooks, 4);
  // Every job committed; the failed hooks' rows were rolled back.
  EXPECT_EQ(Row("SELECT (SELECT COUNT(*) FROM t), (SELECT COUNT(*) FROM summary)", 2),
            (std::vector<std::int64_t>{4, 2}));
}

TEST_F(WriterTest, TheWalIsCopiedBackWhileTheWriterGoesOn) {
  // SQLite's own checkpointing thread (PostgreSQL checkpoints by itself): on a SQLite file
  // whichever backend the other tests use.
  auto conn = std::move(sqlite::Open(path_, Connection::Mode::kReadWrite)).value();
  ASSERT_TRUE(conn->Exec("CREATE TABLE t (x BLOB)"));
  {
    sqlite::CheckpointInBackground(*conn, path_);
    Writer writer(std::move(conn), WriterOptions{64});
    // Three times the pages at which a checkpoint is due, one page of data per job.
    for (int i = 0; i < 3 * sqlite::kCheckpointPages; ++i) {
      writer.Submit(Job("INSERT INTO t VALUES (randomblob(4000))", false, [](Status) {}));
    }
    ASSERT_TRUE(writer.RunAndWait([](Connection&) { return Status{}; }));
    // The checkpointing thread copies the pages into the database file; wait for it, boundedly.
    for (int i = 0; i < 500 && std::filesystem::file_size(path_) < 8'000'000; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_GE(std::filesystem::file_size(path_), 8'000'000u)
        << "the WAL was not copied back into the database";
  }
  auto check = std::move(sqlite::Open(path_, Connection::Mode::kReadOnly)).value();
  auto count = std::move(check->PrepareOnce("SELECT COUNT(*) FROM t")).value();
  ASSERT_TRUE(count->Step().value());
  EXPECT_EQ(count->Int(0), 3 * sqlite::kCheckpointPages);
}

}  // namespace
}  // namespace ratusz::store::sql
