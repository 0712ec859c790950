#pragma once

// The implementation of the storage ports over SQL (SQLite or PostgreSQL): one class per context
// (no class implements the ports of two), all over one Database (database.hpp: the file, the single
// writer with group commit, the readers, the migrations). SqlStore opens the Database and every
// store over it; the wiring and the tests take the store of the context they need.

#include <atomic>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "dedup/recent_grid.hpp"
#include "store/sql/database.hpp"

namespace ratusz::store::sql {

struct NewCase;

// Cases, their events, tasks, merges, search, duplicate candidates and timers.
class SqlCaseStore final : public app::CaseStore {
 public:
  explicit SqlCaseStore(Database& db) : db_(db) {}

  // Reads what the store keeps in memory (the next case id, the recent cases for duplicate
  // search) and takes its part of each transaction (the search index).
  [[nodiscard]] Status Load();

  void CreateCase(app::CreateCaseCommand command,
                  app::Callback<Result<app::CreatedCase>> done) override;
  void AddUpdate(app::NewUpdate update, app::Callback<Result<cases::CaseEvent>> done) override;
  void SetChangeListener(std::function<void(std::int64_t case_id)> listener) override {
    db_.SetChangeListener(std::move(listener));
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

 private:
  // A new case numbered, opened and turned into its rows' values (before the transaction).
  [[nodiscard]] Result<std::shared_ptr<NewCase>> PrepareCase(app::CreateCaseCommand command);
  // Inside the transaction: the replay check, the rows, the merge.
  [[nodiscard]] Result<app::CreatedCase> WriteNewCase(Connection& db, NewCase& c);
  [[nodiscard]] Result<std::optional<cases::ServiceRequest>> FindById(std::int64_t id);
  // Fills the recent grid at start; keeps it current after each commit.
  [[nodiscard]] Status LoadRecent(Connection& db);
  void RememberPlace(const cases::ServiceRequest& r, std::string_view master_number);

  Database& db_;
  std::atomic<std::int64_t> next_case_id_{1};  // Taken by CreateCase on the caller's thread.
  bool search_pending_ = false;                // Writer thread: search_queue has rows to index.
  mutable std::shared_mutex recent_mutex_;
  std::unique_ptr<dedup::RecentGrid> recent_;  // Guarded by recent_mutex_; null when off.
  Timestamp recent_since_;                     // The grid holds every case requested since.
};

// Which files cases have (the files themselves are in files::MediaFiles).
class SqlAttachmentIndex final : public app::AttachmentIndex {
 public:
  explicit SqlAttachmentIndex(Database& db) : db_(db) {}

  Result<std::vector<cases::Attachment>> ListAttachments(
      std::string_view canonical_number) override;
  Result<bool> IsPublicMedia(std::string_view sha256) override;

 private:
  Database& db_;
};

// Residents' answers to the survey about their closed case.
class SqlSurveyStore final : public app::SurveyStore {
 public:
  explicit SqlSurveyStore(Database& db) : db_(db) {}

  void SaveSurvey(app::SurveyAnswer answer, app::Callback<Result<bool>> done) override;
  Result<std::optional<std::string>> LatestClosedCaseOf(std::string_view phone_lookup,
                                                        Timestamp since) override;
  Result<std::vector<app::SurveyGroup>> SurveyResults(Timestamp from, Timestamp to,
                                                      std::string_view by) override;

 private:
  Database& db_;
};

// What must leave the system and how its delivery went; agencies' cursors and ids.
class SqlOutboxStore final : public app::OutboxStore {
 public:
  explicit SqlOutboxStore(Database& db) : db_(db) {}

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

 private:
  // Remembers that mail to `address` cannot be delivered (inside a writer job).
  [[nodiscard]] Status WriteUndeliverable(Connection& db, std::string_view address,
                                          std::string_view reason, Timestamp at) const;

  Database& db_;
};

// The contact center: interactions, transcripts, agents, queue intervals, replies; the log of
// incoming texts (both of the contact context, app/ports/contact.hpp).
class SqlContactStore final : public app::ContactStore, public app::SmsLog {
 public:
  explicit SqlContactStore(Database& db) : db_(db) {}

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

  Result<std::optional<app::SmsOutcome>> SmsTaken(std::string_view id) override;
  void RememberSms(std::string id, app::SmsOutcome outcome, Timestamp at,
                   app::Callback<Status> done) override;

 private:
  Database& db_;
};

// Residents, consent, the access log, erasure and retention, SMS opt-outs.
class SqlResidentStore final : public app::ResidentStore {
 public:
  // A resident's activity includes their contacts and their subscriptions, read through the
  // stores of those contexts.
  SqlResidentStore(Database& db, app::ContactStore& contact, app::NoticeStore& notices)
      : db_(db), contact_(contact), notices_(notices) {}

  // Seals every personal field again with the newest key (and fills lookups missing from rows
  // written before encryption), in batches through the writer; returns the rows changed.
  [[nodiscard]] Result<std::int64_t> Reseal();

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

  Result<std::vector<app::AccessEntry>> ListAccess(const app::AccessQuery& query) override;

 private:
  Database& db_;
  app::ContactStore& contact_;
  app::NoticeStore& notices_;
};

// Area and topic notices: subscribers, subscriptions, broadcasts and their outbox.
class SqlNoticeStore final : public app::NoticeStore {
 public:
  explicit SqlNoticeStore(Database& db) : db_(db) {}

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

 private:
  // A subscriber with its pairs, by id (`id` != 0) or by the column `where` = `value`.
  [[nodiscard]] Result<std::optional<app::Subscriber>> SubscriberFrom(Connection& db,
                                                                      std::string_view where,
                                                                      std::string_view value,
                                                                      std::int64_t id) const;

  Database& db_;
};

// Articles, versions, search, votes, information requests, consultations.
class SqlKnowledgeStore final : public app::KnowledgeStore {
 public:
  explicit SqlKnowledgeStore(Database& db) : db_(db) {}

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

 private:
  Database& db_;
};

// Staff accounts, API keys and sessions.
class SqlAccountStore final : public app::AccountStore {
 public:
  explicit SqlAccountStore(Database& db) : db_(db) {}

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
  Database& db_;
};

// Deletes the subscriber whose `column` (id or lookup) is `value`, with its pairs and its
// messages not sent yet; false when there was none (inside a writer job).
[[nodiscard]] Result<bool> DropSubscriber(Connection& db, std::string_view column,
                                          std::string_view value);

// The Database (either backend) and the store of every context over it.
class SqlStore {
 public:
  [[nodiscard]] static Result<std::unique_ptr<SqlStore>> Open(const StoreOptions& options);
  ~SqlStore() { db_->Close(); }  // Queued writes finish while every store is still there.
  SqlStore(const SqlStore&) = delete;
  SqlStore& operator=(const SqlStore&) = delete;

  // Applies pending migrations only; returns the versions applied.
  [[nodiscard]] static Result<std::vector<int>> Migrate(const StoreOptions& options) {
    return Database::Migrate(options);
  }

  Database& database() { return *db_; }
  const security::PersonalData& personal() const { return db_->personal(); }
  [[nodiscard]] Status Backup(const std::string& target) { return db_->Backup(target); }
  [[nodiscard]] Status CheckReadable() { return db_->CheckReadable(); }

  SqlCaseStore& cases() { return cases_; }
  SqlAttachmentIndex& attachments() { return attachments_; }
  SqlSurveyStore& surveys() { return surveys_; }
  SqlOutboxStore& outbox() { return outbox_; }
  SqlContactStore& contact() { return contact_; }
  SqlResidentStore& residents() { return residents_; }
  SqlNoticeStore& notices() { return notices_; }
  SqlKnowledgeStore& kb() { return kb_; }
  SqlAccountStore& accounts() { return accounts_; }

 private:
  explicit SqlStore(std::unique_ptr<Database> db)
      : db_(std::move(db)),
        cases_(*db_),
        attachments_(*db_),
        surveys_(*db_),
        outbox_(*db_),
        contact_(*db_),
        notices_(*db_),
        residents_(*db_, contact_, notices_),
        kb_(*db_),
        accounts_(*db_) {}

  std::unique_ptr<Database> db_;  // Destroyed last: its writer finishes the queued writes first.
  SqlCaseStore cases_;
  SqlAttachmentIndex attachments_;
  SqlSurveyStore surveys_;
  SqlOutboxStore outbox_;
  SqlContactStore contact_;
  SqlNoticeStore notices_;
  SqlResidentStore residents_;
  SqlKnowledgeStore kb_;
  SqlAccountStore accounts_;
};

}  // namespace ratusz::store::sql
