#pragma once

// The contact center's API: REST under /api/v1/contact/ (interactions, queues, agents, states,
// CTI events from the telephone system, queue_log import, statistics, staffing), the agents'
// and supervisors' WebSocket (/api/v1/contact/ws: offers, chats, live figures), and the
// residents' web chat (POST /api/v1/public/chat, then the WebSocket /api/v1/public/chat/ws).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/contact_center.hpp"
#include "cases/staff.hpp"
#include "http/message.hpp"

namespace ratusz::http {

// Who is connected, and what each of them hears. Thread-safe.
class ContactHub final : public app::ContactListener {
 public:
  void Notify(const app::ContactNotice& notice) override;
  // Sends the live figures to every supervisor's console.
  void PushLive(const app::ContactSnapshot& snapshot);
  bool HasSupervisors();

  void AddConsole(const std::string& agent, bool supervisor, const std::shared_ptr<WsPeer>& peer);
  void RemoveConsole(const std::string& agent, const std::shared_ptr<WsPeer>& peer);
  void AddResident(std::int64_t chat, const std::shared_ptr<WsPeer>& peer);
  void RemoveResident(std::int64_t chat, const std::shared_ptr<WsPeer>& peer);

 private:
  void ToAgent(const std::string& agent, const std::string& text);
  void ToResident(std::int64_t chat, const std::string& text);

  std::mutex mutex_;
  std::multimap<std::string, std::shared_ptr<WsPeer>, std::less<>> consoles_;
  std::vector<std::shared_ptr<WsPeer>> supervisors_;
  std::multimap<std::int64_t, std::shared_ptr<WsPeer>> residents_;
};

struct ContactApiOptions {
  std::string cti_token;  // The telephone system's bearer token; empty: CTI is turned off.
};

class ContactApi {
 public:
  ContactApi(app::ContactCenter& center, ContactHub& hub, ContactApiOptions options,
             app::MediaStore* media = nullptr)
      : center_(center), hub_(hub), options_(std::move(options)), media_(media) {}

  // `route` is the path after /api/v1/ and starts with "contact/". CTI routes authenticate
  // with the CTI token; the others need `user`.
  bool IsCti(std::string_view route) const { return route.rfind("contact/cti/", 0) == 0; }
  std::optional<HttpResponse> HandleCti(std::string_view route, const HttpRequest& request,
                                        Responder later);
  std::optional<HttpResponse> Handle(const cases::Actor& actor, std::string_view route,
                                     const HttpRequest& request, Responder later);
  // POST /api/v1/public/chat: a resident opens a chat.
  std::optional<HttpResponse> OpenChat(const HttpRequest& request, Responder later);

  Upgrade AgentSocket(const cases::Actor& actor, std::shared_ptr<WsPeer> peer);
  Upgrade ResidentSocket(const HttpRequest& request, std::shared_ptr<WsPeer> peer);

 private:
  std::optional<HttpResponse> Interactions(const cases::Actor& actor, std::string_view rest,
                                           const HttpRequest& request, Responder later);
  std::optional<HttpResponse> Agents(const cases::Actor& actor, std::string_view rest,
                                     const HttpRequest& request, Responder later);
  HttpResponse Stats(const cases::Actor& actor, std::string_view rest, const HttpRequest& request);
  HttpResponse Staffing(const HttpRequest& request);
  HttpResponse ShiftPlan(const HttpRequest& request);
  // Answers once the writes of the call are durable.
  void AfterWrites(Responder later, HttpResponse response);

  app::ContactCenter& center_;
  ContactHub& hub_;
  ContactApiOptions options_;
  app::MediaStore* media_;  // The files of written contacts; null: not served.
};

}  // namespace ratusz::http
