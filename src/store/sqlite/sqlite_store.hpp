#pragma once

// The SQLite implementation of the storage ports: one database file in WAL mode, one writer
// thread with group commit, and a pool of read-only connections for concurrent reads.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "dedup/recent_grid.hpp"
#include "security/personal_data.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/query.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/writer.hpp"

namespace ratusz::store::sqlite {

struct NewCase;

struct StoreOptions {
  StoreOptions(std::string database = {}, std::size_t batch = 2048)  // NOLINT: {path} reads well.
      : path(std::move(database)), max_batch(batch) {}

  std::string path;              // The database file.
  std::size_t max_batch = 2048;  // Group commit: jobs per transaction at most.
  // Duplicate search keeps the located cases of the last `recent_days` of these jurisdictions
  // in memory (dedup::RecentGrid); 0 turns it off (every search reads the grid-cell index).
  int recent_days = 0;
  std::vector<std::string> jurisdictions;
  std::function<Timestamp()> now = [] { return SystemClock().Now(); };
  // Messages that stay inside are written in their final state (no delivery round trip).
  app::OutboxDisposition outbox_disposition;
  // Seals every personal field again with the newest key (and fills lookups missing from rows
  // written before encryption), in batches through the writer; returns the rows changed.
  [[nodiscard]] Result<std::int64_t> Reseal();

  // The keys personal fields are sealed with. When set, Open() checks them against the
  // database (a value sealed at the first start: the canary) and refuses keys that do not fit.
  // When null, a random key lives as long as the store (tests and benchmarks).
  std::shared_ptr<const security::PersonalData> personal;
};

// The schema version this binary knows (the highest embedded migration).
int LatestSchemaVersion();

class SqliteStore final : public app::CaseStore,
                          public app::AccountStore,
                          public app::OutboxStore,
                          public app::AttachmentIndex,
                          public app::ContactStore,
                          public app::ResidentStore,
                          public app::SmsLog,
                          public app::SurveyStore,
                          public app::NoticeStore,
                          public app::KnowledgeStore {
 public:
  // Opens (creating if needed) the database and runs pending migrations. Fails with
  // kFailedPrecondition when the file's schema is newer than this binary.
  [[nodiscard]] static Result<std::unique_ptr<SqliteStore>> Open(const StoreOptions& options);
  ~SqliteStore() override;

  // Applies pending migrations only; returns the versions applied.
  [[nodiscard]] static Result<std::vector<int>> Migrate(const std::string& path);

  // Copies the live database to `target` with SQLite's online backup (readers and the writer
  // keep going).
  [[nodiscard]] Status Backup(const std::string& target);

  // Seals every personal field again with the newest key (and fills lookups missing from rows
  // written before encryption), in batches through the writer; returns the rows changed.
  [[nodiscard]] Result<std::int64_t> Reseal();

  // The keys personal fields are sealed with.
  const security::PersonalData& personal() const { return *personal_; }

  // Whether the database answers a read now (for /readyz).
  [[nodiscard]] Status CheckReadable();

  // app::CaseStore
  void CreateCase(app::CreateCaseCommand command,
                  app::Callback<Result<app::CreatedCase>> done) override;
  void AddUpdate(app::NewUpdate update, app::Callback<Result<cases::CaseEvent>> done) override;
  void SetChangeListener(std::function<void(std::int64_t case_id)> listener) override {
    change_listener_ = std::move(listener);
  }
  Result<std::optional<cases::ServiceRequest>> FindByNumber(
      std::string_view canonical_number) override;
  Result<std::optional<cases::ServiceRequest>> FindByToken(std::string_view token) override;
  Result<std::vector<cases::ServiceRequest>> ListRequests(const app::RequestQuery& query) override;
  Result<std::vector<cases::CaseEvent>> ListUpdates(const app::UpdateQuery& query) override;
  void MutateCases(app::CaseMutation mutation,
                   app::Callback<Result<std::vector<workflow::CaseFile>>> done) override;
  Result<std::optional<workflow::CaseFile>> LoadCase(std::string_view canonical_number) override;
  Result<std::vector<cases::CaseEvent>> CaseHistory(std::string_view canonical_number) override;
  Result<app::CaseSearchResult> SearchCases(const app::CaseSearch& search) override;
  Result<std::vector<std::string>> CasesDueForTimers(Timestamp now, int limit) override;
  Result<std::vector<dedup::Stored>> CasesInBox(std::string_view jurisdiction_id,
                                                const dedup::SearchBox& box, int limit) override;
  Status CompleteCandidates(std::vector<dedup::Stored>& cases) override;

  // app::OutboxStore
  Result<std::vector<app::OutboxItem>> DueOutbox(Timestamp now, int limit) override;
  void RecordDeliveries(std::vector<app::DeliveryRecord> records, Timestamp at,
                        app::Callback<Status> done) override;
  Result<std::vector<app::OutboxItem>> ListOutbox(app::DeliveryState state, std::int64_t before_id,
                                                  int limit) override;
  void RecordBounce(std::int64_t id, std::string reason, Timestamp at,
                    app::Callback<Status> done) override;
  void RecordReceipt(std::int64_t id, std::string note, app::Callback<Result<bool>> done) override;
  void RememberUndeliverable(std::string address, std::string reason, Timestamp at,
                             app::Callback<Status> done) override;
  void ForgetUndeliverable(std::string address, app::Callback<Status> done) override;
  Result<bool> IsUndeliverable(std::string_view address) override;
  void ReplayOutbox(std::int64_t id, Timestamp now,
                    app::Callback<Result<app::OutboxItem>> done) override;
  Result<std::optional<std::string>> CaseOfExternalId(std::string_view department,
                                                      std::string_view external_id) override;
  Result<std::optional<Timestamp>> AgencyCursor(std::string_view department) override;
  void SetAgencyCursor(std::string department, Timestamp polled_to,
                       app::Callback<Status> done) override;

  // app::AttachmentIndex
  Result<std::vector<cases::Attachment>> ListAttachments(
      std::string_view canonical_number) override;
  Result<bool> IsPublicMedia(std::string_view sha256) override;

  // app::ResidentStore
  void CreateResident(residents::Resident resident, app::AccessEntry log,
                      app::Callback<Result<residents::Resident>> done) override;
  void UpdateResident(residents::Resident resident, std::int64_t version, app::AccessEntry log,
                      app::Callback<Result<residents::Resident>> done) override;
  Result<std::optional<residents::Resident>> LoadResident(std::int64_t id) override;
  Result<std::optional<residents::Resident>> ResidentByLookup(std::string_view lookup) override;
  Result<app::ResidentActivity> ActivityOf(const std::vector<std::string>& lookups,
                                           int limit) override;
  void EraseResident(std::int64_t id, std::vector<std::int64_t> open_contacts, Timestamp at,
                     app::AccessEntry log, app::Callback<Result<app::ErasureCounts>> done) override;
  void ForgetContacts(Timestamp before, app::Callback<Result<app::RetentionCounts>> done) override;
  void SetSmsOptOut(std::string lookup, bool opted_out, Timestamp at,
                    app::Callback<Status> done) override;
  Result<bool> SmsOptedOut(std::string_view lookup) override;
  void LogAccess(app::AccessEntry entry, app::Callback<Status> done) override;

  // app::SurveyStore
  void SaveSurvey(app::SurveyAnswer answer, app::Callback<Result<bool>> done) override;
  Result<std::optional<std::string>> LatestClosedCaseOf(std::string_view phone_lookup,
                                                        Timestamp since) override;
  Result<std::vector<app::SurveyGroup>> SurveyResults(Timestamp from, Timestamp to,
                                                      std::string_view by) override;

  // app::NoticeStore
  void Subscribe(app::SubscribeCommand command,
                 app::Callback<Result<app::SubscribeOutcome>> done) override;
  Result<std::optional<app::Subscriber>> LoadSubscriber(std::int64_t id) override;
  Result<std::optional<app::Subscriber>> SubscriberByLookup(std::string_view lookup) override;
  void ConfirmSubscriptions(std::int64_t id, Timestamp at,
                            app::Callback<Result<int>> done) override;
  void Unsubscribe(std::int64_t id, app::Callback<Result<bool>> done) override;
  void CreateBroadcast(residents::Broadcast broadcast,
                       app::Callback<Result<residents::Broadcast>> done) override;
  void CancelBroadcast(std::int64_t id, app::Callback<Result<residents::Broadcast>> done) override;
  Result<std::optional<residents::Broadcast>> LoadBroadcast(std::int64_t id) override;
  Result<std::vector<residents::Broadcast>> ListBroadcasts(int limit) override;
  void FanOutDue(Timestamp now, app::Callback<Result<int>> done) override;
  Result<std::vector<app::NoticeItem>> DueNotices(Timestamp now, int limit) override;
  void RecordNotices(std::vector<app::NoticeRecord> records, Timestamp at,
                     app::Callback<Status> done) override;

  // app::SmsLog
  Result<std::optional<app::SmsOutcome>> SmsTaken(std::string_view id) override;
  void RememberSms(std::string id, app::SmsOutcome outcome, Timestamp at,
                   app::Callback<Status> done) override;
  Result<std::vector<app::AccessEntry>> ListAccess(const app::AccessQuery& query) override;

  // app::ContactStore
  Result<std::int64_t> MaxInteractionId() override;
  void SaveInteraction(app::InteractionRecord record, app::Callback<Status> done) override;
  void AddChatLine(app::ChatLine line, app::Callback<Status> done) override;
  void AddReply(app::ChatLine line, app::Callback<Result<app::ChatLine>> done) override;
  void AddInteractionFiles(std::int64_t interaction, std::vector<cases::Attachment> files,
                           app::Callback<Status> done) override;
  Result<std::vector<cases::Attachment>> InteractionFiles(std::int64_t interaction) override;
  void SaveAgentProfile(app::AgentProfile profile, Timestamp at,
                        app::Callback<Status> done) override;
  void LogAgentState(std::string agent, std::string state, std::string reason, Timestamp at,
                     app::Callback<Status> done) override;
  void SaveIntervals(std::vector<app::QueueInterval> intervals,
                     app::Callback<Status> done) override;
  void Flush(app::Callback<Status> done) override;
  Result<std::optional<app::InteractionRecord>> LoadInteraction(std::int64_t id) override;
  Result<std::optional<app::InteractionRecord>> InteractionOfCall(
      std::string_view external_id) override;
  Result<std::vector<app::InteractionRecord>> ListInteractions(
      const app::InteractionQuery& query) override;
  Result<std::vector<app::InteractionRecord>> OpenInteractions() override;
  Result<std::vector<app::ChatLine>> ChatLines(std::int64_t interaction,
                                               std::int64_t after_seq) override;
  Result<std::vector<app::AgentProfile>> AgentProfiles() override;
  Result<std::vector<app::QueueInterval>> Intervals(std::string_view queue, Timestamp from,
                                                    Timestamp to) override;
  Result<std::vector<app::ContactReply>> DueReplies(Timestamp now, int limit) override;
  void RecordReplies(std::vector<app::ReplyRecord> records, app::Callback<Status> done) override;
  void RecordReplyReport(std::int64_t id, bool delivered, std::string note,
                         app::Callback<Result<bool>> done) override;
  Result<app::RepeatCounts> Repeats(Timestamp from, Timestamp to,
                                    std::chrono::seconds window) override;

  // app::KnowledgeStore
  void SaveDraft(app::KbDraft draft, app::Callback<Result<kb::Article>> done) override;
  void ReviewDraft(app::KbReview review, app::Callback<Result<kb::Article>> done) override;
  Result<std::optional<kb::Article>> LoadArticle(std::int64_t id, std::int64_t version) override;
  Result<std::vector<kb::Version>> ArticleVersions(std::int64_t id) override;
  Result<std::vector<kb::Article>> ListArticles(const app::KbListQuery& query) override;
  Result<std::vector<app::KbHit>> SearchArticles(const app::KbSearchQuery& query) override;
  Result<std::vector<std::string>> IndexTermsFrom(char first) override;
  void Vote(std::int64_t article_id, bool helpful, app::Callback<Status> done) override;
  void RecordInformationRequest(app::InformationRequest request,
                                app::Callback<Status> done) override;
  Result<app::QuestionReport> Questions(Timestamp from, Timestamp to) override;
  void SaveConsultation(app::Consultation consultation, app::Callback<Status> done) override;
  Result<std::optional<app::Consultation>> LoadConsultation(std::int64_t id) override;
  Result<std::vector<app::Consultation>> ListConsultations(std::string_view asked_by,
                                                           int limit) override;

  // app::AccountStore
  Result<app::User> AddUser(const app::User& user, const std::string& password_hash) override;
  Result<std::vector<app::User>> ListUsers() override;
  Status SetUserDisabled(std::string_view username, bool disabled) override;
  Result<std::optional<std::pair<app::User, std::string>>> FindUserByName(
      std::string_view username) override;
  Result<app::ApiKey> AddApiKey(const app::ApiKey& key, const std::string& key_hash) override;
  Result<std::vector<app::ApiKey>> ListApiKeys() override;
  Status RevokeApiKey(std::int64_t id) override;
  Result<std::optional<app::ApiKey>> FindApiKey(std::string_view key_hash) override;
  Status AddSession(std::string_view token_hash, std::int64_t user_id,
                    Timestamp expires_at) override;
  Result<std::optional<app::User>> FindSession(std::string_view token_hash, Timestamp now) override;
  Status DeleteSession(std::string_view token_hash) override;

 private:
  explicit SqliteStore(StoreOptions options)
      : options_(std::move(options)),
        personal_(options_.personal ? options_.personal : security::PersonalData::Ephemeral()) {}

  // A read-only connection for the duration of one call, returned to the pool afterwards.
  class Reader {
   public:
    Reader(SqliteStore* store, std::unique_ptr<Connection> conn)
        : store_(store), conn_(std::move(conn)) {}
    Reader(Reader&& other) noexcept = default;
    Reader& operator=(Reader&&) = delete;
    ~Reader() {
      if (conn_) {
        store_->ReturnReader(std::move(conn_));
      }
    }
    Connection* operator->() { return conn_.get(); }
    Connection* get() { return conn_.get(); }

   private:
    SqliteStore* store_;
    std::unique_ptr<Connection> conn_;
  };

  [[nodiscard]] Result<Reader> BorrowReader();
  void ReturnReader(std::unique_ptr<Connection> conn);

  [[nodiscard]] Result<std::int64_t> LoadMaxCaseId(Connection& db);
  // A new case numbered, opened and turned into its rows' values (before the transaction).
  [[nodiscard]] Result<std::shared_ptr<NewCase>> PrepareCase(app::CreateCaseCommand command);
  // Inside the transaction: the replay check, the rows, the merge.
  [[nodiscard]] Result<app::CreatedCase> WriteNewCase(Connection& db, NewCase& c);
  // Fills the recent grid at start; keeps it current after each commit.
  [[nodiscard]] Status LoadRecent(Connection& db);
  void RememberPlace(const cases::ServiceRequest& r, std::string_view master_number);
  [[nodiscard]] Result<std::optional<cases::ServiceRequest>> FindById(std::int64_t id);
  // A query on a pooled read-only connection: `bind` sets the parameters, `read` maps a row.
  template <typename T, typename Bind, typename Map>
  [[nodiscard]] Result<std::vector<T>> ReadAll(const std::string& sql, Bind bind, Map map);
  template <typename T, typename Bind, typename Map>
  [[nodiscard]] Result<std::optional<T>> ReadOne(const std::string& sql, Bind bind, Map map);

  // Remembers that mail to `address` cannot be delivered (inside a writer job).
  [[nodiscard]] Status WriteUndeliverable(Connection& db, std::string_view address,
                                          std::string_view reason, Timestamp at) const;
  // Deletes the subscriber whose `column` (id or lookup) is `value`, with its pairs and its
  // messages not sent yet; false when there was none.
  [[nodiscard]] static Result<bool> DropSubscriber(Connection& db, std::string_view column,
                                                   std::string_view value);
  // A subscriber with its pairs, by id (`id` != 0) or by the column `where` = `value`.
  [[nodiscard]] Result<std::optional<app::Subscriber>> SubscriberFrom(Connection& db,
                                                                      std::string_view where,
                                                                      std::string_view value,
                                                                      std::int64_t id) const;
  // A row's case with its reporter opened.
  cases::ServiceRequest ReadCaseOpened(const Statement& row) const {
    return sqlite::ReadCaseOpened(row, *personal_);
  }

  StoreOptions options_;
  std::shared_ptr<const security::PersonalData> personal_;
  std::unique_ptr<Writer> writer_;
  std::atomic<std::int64_t> next_case_id_{1};  // Taken by CreateCase on the caller's thread.
  bool search_pending_ = false;                // Writer thread: search_queue has rows to index.
  std::function<void(std::int64_t)> change_listener_;  // Called on the completion thread.
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // Guarded by readers_mutex_.
  mutable std::shared_mutex recent_mutex_;
  std::unique_ptr<dedup::RecentGrid> recent_;  // Guarded by recent_mutex_; null when off.
  Timestamp recent_since_;                     // The grid holds every case requested since.
};

template <typename T, typename Bind, typename Map>
Result<std::vector<T>> SqliteStore::ReadAll(const std::string& sql, Bind bind, Map map) {
  auto reader = BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return Query<T>(*reader->get(), sql, bind, map);
}

template <typename T, typename Bind, typename Map>
Result<std::optional<T>> SqliteStore::ReadOne(const std::string& sql, Bind bind, Map map) {
  auto reader = BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return QueryOne<T>(*reader->get(), sql, bind, map);
}

}  // namespace ratusz::store::sqlite
