#include "outbound/post.hpp"

#include <curl/curl.h>

#include <memory>

namespace ratusz::outbound {
namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

Result<PostAnswer> PostOnce(const std::string& url, std::string_view bearer,
                            std::string_view content_type, std::string_view body,
                            std::chrono::seconds timeout) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy) {
    return MakeError(ErrorCode::kInternal, "cannot start libcurl");
  }
  curl_slist* headers = nullptr;
  const std::string auth = "Authorization: Bearer " + std::string(bearer);
  const std::string type = "Content-Type: " + std::string(content_type);
  headers = curl_slist_append(headers, auth.c_str());
  headers = curl_slist_append(headers, type.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  PostAnswer answer;
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
  if (const CURLcode rc = curl_easy_perform(h); rc != CURLE_OK) {
    return MakeError(ErrorCode::kUnavailable, url + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace ratusz::outbound
