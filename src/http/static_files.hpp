#pragma once

// The web front end (web/, built by Vite into web/dist) served as static files.
//
// Vite names every built asset by its content's hash (assets/index-3f2a9c1b.js): those are
// cached for a year and never asked again (`immutable`); index.html, the service worker and
// the manifest are revalidated each time (`no-cache` with an ETag, so an unchanged file costs a
// 304). A path without a file extension that names no file (`/track/K7M2-QX4P`) is a page of
// the single-page application and gets index.html. A file `x.js.gz` beside `x.js` is sent to
// clients that accept gzip. Nothing outside the directory is ever read: paths with `..`,
// backslashes or NUL are refused, and the resolved path must stay inside the root.

#include <filesystem>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace ratusz::http {

class StaticFiles {
 public:
  // `root`: the built front end; an empty or missing directory turns this off.
  explicit StaticFiles(std::string root);

  bool enabled() const { return enabled_; }
  // The answer for a GET of `request.path`, or nothing when there is no such file
  // (and no page falls back to index.html).
  std::optional<HttpResponse> Serve(const HttpRequest& request) const;

 private:
  std::optional<HttpResponse> File(const HttpRequest& request, const std::filesystem::path& path,
                                   const std::string& relative) const;

  std::filesystem::path root_;
  bool enabled_ = false;
};

}  // namespace ratusz::http
