// docs/openapi.yaml and the route table agree, both ways.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "api_test_util.hpp"

namespace guomen::http {
namespace {

std::set<std::string> DocumentedOperations() {
  std::ifstream in(testing::SourceDir() + "/docs/openapi.yaml");
  EXPECT_TRUE(in.good()) << "docs/openapi.yaml is missing";
  std::set<std::string> ops;
  std::string line, path;
  bool in_paths = false;
  // Paths are indented two spaces and end with ':'; operations four spaces.
  auto indented = [](const std::string& l, size_t n) {
    return l.size() > n && l.compare(0, n, std::string(n, ' ')) == 0 && l[n] != ' ';
  };
  while (std::getline(in, line)) {
    if (line.rfind("paths:", 0) == 0) {
      in_paths = true;
      continue;
    }
    if (in_paths && !line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
    if (!in_paths) continue;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line.empty() || line.back() != ':') continue;
    std::string key = line.substr(0, line.size() - 1);
    if (indented(line, 2) && key[2] == '/') {
      path = key.substr(2);
    } else if (indented(line, 4) && (key == "    get" || key == "    post" || key == "    put" ||
                                     key == "    patch" || key == "    delete")) {
      std::string method = key.substr(4);
      for (auto& ch : method) ch = static_cast<char>(std::toupper(ch));
      ops.insert(method + " /api/v1" + path);
    }
  }
  return ops;
}

TEST(OpenApiTest, EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
  auto env = testing::MakeTestApp(false);
  Api api(*env->app, ApiOptions{});
  std::set<std::string> routes;
  for (const auto& r : api.Routes()) routes.insert(r.method + " " + r.path);
  auto documented = DocumentedOperations();
  for (const auto& r : routes) EXPECT_TRUE(documented.count(r)) << "not in docs/openapi.yaml: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routes.count(d)) << "documented but not served: " << d;
}

}  // namespace
}  // namespace guomen::http
