// Transport-neutral HTTP request and response: the server (httplib) fills an
// HttpRequest, the Api answers with an HttpResponse. Keeping the Api free of
// httplib lets tests drive the whole route table in-process.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace guomen::http {

struct HttpRequest {
  std::string method;  // "GET", "POST" ...
  std::string path;    // without the query string
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_addr;

  // The first value of a query parameter, or "".
  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  bool HasQuery(const std::string& name) const { return query.count(name) > 0; }
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace guomen::http
