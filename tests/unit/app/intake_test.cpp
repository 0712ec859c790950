#include "app/intake.hpp"

#include <gtest/gtest.h>

#include "cases/case_number.hpp"
#include "security/crypto.hpp"
#include "support/fake_clock.hpp"
#include "support/memory_store.hpp"
#include "support/test_catalog.hpp"

namespace ratusz::app {
namespace {

class IntakeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(security::Initialize()); }

  ReportSubmission Report() {
    ReportSubmission s;
    s.input.service_code = "pothole";
    s.input.lat = "51.1";
    s.input.lon = "17.0";
    s.input.attributes["size"] = {"small"};
    s.client_name = "Mobile app";
    s.client_id = 7;
    return s;
  }

  SubmitOutcome Submit(ReportSubmission s) {
    std::optional<SubmitOutcome> out;
    intake_.Submit(jurisdiction_, std::move(s), [&](SubmitOutcome o) { out = std::move(o); });
    EXPECT_TRUE(out.has_value());
    return std::move(*out);
  }

  cases::Catalog catalog_ = testing::TestCatalog();
  const cases::Jurisdiction& jurisdiction_ = *catalog_.FindJurisdiction("test.pl");
  testing::MemoryCaseStore store_;
  testing::FakeClock clock_;
  Intake intake_{catalog_, store_, clock_, cases::ReportLimits{}};
};

TEST_F(IntakeTest, StoresAnOpenCaseStampedWithTheClock) {
  const auto out = Submit(Report());
  ASSERT_TRUE(out.created);
  const cases::ServiceRequest& r = out.created->request;
  EXPECT_EQ(r.status, cases::Status::kOpen);
  EXPECT_EQ(r.requested_at, clock_.Now());
  EXPECT_EQ(r.updated_at, clock_.Now());
  EXPECT_EQ(r.agency_responsible, "roads");
  EXPECT_EQ(r.client_name, "Mobile app");
  EXPECT_EQ(r.token.size(), 8u + 22u);  // The number's symbols and a 128-bit secret.
  EXPECT_EQ(cases::CaseIdFromToken(r.token), r.id);
  EXPECT_EQ(store_.cases_.size(), 1u);
}

TEST_F(IntakeTest, InvalidReportsReachNoStore) {
  ReportSubmission s = Report();
  s.input.service_code = "nope";
  const auto out = Submit(std::move(s));
  EXPECT_FALSE(out.created);
  EXPECT_FALSE(out.errors.empty());
  EXPECT_TRUE(store_.cases_.empty());
}

TEST_F(IntakeTest, IdempotencyKeyReplaysTheFirstAnswer) {
  ReportSubmission s = Report();
  s.idempotency_key = "k1";
  s.fingerprint = "f1";
  const auto first = Submit(s);
  clock_.Advance(std::chrono::seconds(5));
  const auto second = Submit(s);
  ASSERT_TRUE(first.created && second.created);
  EXPECT_EQ(first.created->request.number, second.created->request.number);
  EXPECT_TRUE(second.created->replayed);
  s.fingerprint = "other body";
  const auto conflict = Submit(s);
  ASSERT_FALSE(conflict.created);
  EXPECT_EQ(conflict.errors.front().code, ErrorCode::kConflict);
}

TEST_F(IntakeTest, UpdatesChangeStatusAndCheckTheirInput) {
  const auto created = Submit(Report());
  const std::string number = created.created->request.number;
  auto post = [&](UpdateSubmission u) {
    std::optional<Result<cases::CaseEvent>> out;
    intake_.PostUpdate(jurisdiction_, std::move(u), [&](Result<cases::CaseEvent> e) { out = e; });
    return std::move(*out);
  };
  UpdateSubmission u;
  u.case_number = number;
  u.status = "IN_PROGRESS";
  u.description = "Ekipa w drodze";
  u.external_id = "u1";
  const auto event = post(u);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->status, cases::Status::kInProgress);
  EXPECT_EQ(store_.cases_.at(number).status, cases::Status::kInProgress);

  u.status = "DONE-ISH";
  EXPECT_EQ(post(u).error().field, "status");
  u.status = "FIXED";
  u.case_number = "AAAA-AAAA";
  EXPECT_EQ(post(u).error().code, ErrorCode::kNotFound);
  u.case_number = number;
  u.updated_datetime = "yesterday";
  EXPECT_EQ(post(u).error().field, "updated_datetime");
}

}  // namespace
}  // namespace ratusz::app
