#include "screening/xml_reader.hpp"

#include <cstdint>
#include <cstdlib>

#include "core/strings.hpp"

namespace guomen::screening {

const XmlElement* XmlElement::Child(std::string_view child_name) const {
  for (const auto& c : children) {
    if (c->name == child_name) return c.get();
  }
  return nullptr;
}

std::string XmlElement::ChildText(std::string_view child_name) const {
  const XmlElement* c = Child(child_name);
  return c == nullptr ? std::string() : std::string(core::Trim(c->text));
}

std::string XmlElement::Attribute(std::string_view attribute) const {
  for (const auto& [k, v] : attributes) {
    if (k == attribute) return v;
  }
  return {};
}

namespace {

constexpr int kMaxDepth = 256;

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  core::Result<std::unique_ptr<XmlElement>> Run() {
    std::vector<std::unique_ptr<XmlElement>> stack;
    std::unique_ptr<XmlElement> root;
    while (pos_ < s_.size()) {
      if (s_[pos_] != '<') {
        const size_t end = s_.find('<', pos_);
        const std::string_view raw =
            s_.substr(pos_, end == std::string_view::npos ? s_.size() - pos_ : end - pos_);
        if (stack.empty()) {
          if (!core::Trim(raw).empty()) return Error("text outside the root element");
        } else {
          GUOMEN_RETURN_IF_ERROR(Decode(raw, stack.back()->text));
        }
        Advance(raw.size());
        continue;
      }
      if (Starts("<!--")) {
        GUOMEN_RETURN_IF_ERROR(SkipPast("-->", "comment"));
      } else if (Starts("<![CDATA[")) {
        const size_t end = s_.find("]]>", pos_);
        if (end == std::string_view::npos) return Error("CDATA section not closed");
        if (stack.empty()) return Error("CDATA outside the root element");
        stack.back()->text.append(s_.substr(pos_ + 9, end - pos_ - 9));
        Advance(end + 3 - pos_);
      } else if (Starts("<?")) {
        GUOMEN_RETURN_IF_ERROR(SkipPast("?>", "processing instruction"));
      } else if (Starts("<!")) {
        GUOMEN_RETURN_IF_ERROR(SkipPast(">", "declaration"));
      } else if (Starts("</")) {
        const size_t end = s_.find('>', pos_);
        if (end == std::string_view::npos) return Error("end tag not closed");
        const std::string_view name = core::Trim(s_.substr(pos_ + 2, end - pos_ - 2));
        if (stack.empty()) return Error("end tag </" + std::string(name) + "> without a start tag");
        if (stack.back()->name != name) {
          return Error("end tag </" + std::string(name) + "> does not close <" +
                       stack.back()->name + "> (line " + std::to_string(stack.back()->line) + ")");
        }
        Advance(end + 1 - pos_);
        std::unique_ptr<XmlElement> done = std::move(stack.back());
        stack.pop_back();
        if (stack.empty()) {
          if (root) return Error("a second root element");
          root = std::move(done);
        } else {
          stack.back()->children.push_back(std::move(done));
        }
      } else {
        auto element = std::make_unique<XmlElement>();
        element->line = line_;
        bool self_closing = false;
        GUOMEN_RETURN_IF_ERROR(StartTag(*element, self_closing));
        if (self_closing) {
          if (stack.empty()) {
            if (root) return Error("a second root element");
            root = std::move(element);
          } else {
            stack.back()->children.push_back(std::move(element));
          }
        } else {
          if (stack.empty() && root) return Error("a second root element");
          if (static_cast<int>(stack.size()) >= kMaxDepth) return Error("elements nested too deep");
          stack.push_back(std::move(element));
        }
      }
    }
    if (!stack.empty()) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "line " + std::to_string(stack.back()->line) + ": <" + stack.back()->name +
                            "> is not closed before the end of the file",
                        "line " + std::to_string(stack.back()->line));
    }
    if (!root) return Error("no root element");
    return root;
  }

 private:
  core::Unexpected<core::Error> Error(const std::string& what) const {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "line " + std::to_string(line_) + ": " + what,
                      "line " + std::to_string(line_));
  }

  bool Starts(std::string_view p) const { return s_.compare(pos_, p.size(), p) == 0; }

  void Advance(size_t n) {
    for (size_t i = 0; i < n && pos_ < s_.size(); ++i, ++pos_) {
      if (s_[pos_] == '\n') ++line_;
    }
  }

  core::Status SkipPast(std::string_view end, const char* what) {
    const size_t at = s_.find(end, pos_);
    if (at == std::string_view::npos) return Error(std::string(what) + " not closed");
    Advance(at + end.size() - pos_);
    return core::Status::Ok();
  }

  static bool NameChar(char c) {
    return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '>' && c != '/' && c != '=' &&
           c != '"' && c != '\'' && c != '<';
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) {
      Advance(1);
    }
  }

  core::Status StartTag(XmlElement& e, bool& self_closing) {
    Advance(1);  // '<'
    const size_t start = pos_;
    while (pos_ < s_.size() && NameChar(s_[pos_])) ++pos_;
    e.name = std::string(s_.substr(start, pos_ - start));
    if (e.name.empty()) return Error("a tag without a name");
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size()) return Error("start tag <" + e.name + "> not closed");
      if (s_[pos_] == '>') {
        Advance(1);
        return core::Status::Ok();
      }
      if (Starts("/>")) {
        Advance(2);
        self_closing = true;
        return core::Status::Ok();
      }
      const size_t name_start = pos_;
      while (pos_ < s_.size() && NameChar(s_[pos_])) ++pos_;
      const std::string attribute(s_.substr(name_start, pos_ - name_start));
      if (attribute.empty()) return Error("unexpected character in <" + e.name + ">");
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '=')
        return Error("attribute " + attribute + " has no value");
      Advance(1);
      SkipSpace();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) {
        return Error("attribute " + attribute + " value is not quoted");
      }
      const char quote = s_[pos_];
      const size_t end = s_.find(quote, pos_ + 1);
      if (end == std::string_view::npos)
        return Error("attribute " + attribute + " value not closed");
      std::string value;
      GUOMEN_RETURN_IF_ERROR(Decode(s_.substr(pos_ + 1, end - pos_ - 1), value));
      Advance(end + 1 - pos_);
      e.attributes.emplace_back(attribute, std::move(value));
    }
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  core::Status Decode(std::string_view raw, std::string& out) const {
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '&') {
        out.push_back(raw[i]);
        continue;
      }
      const size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos || semi - i > 12)
        return Error("'&' not followed by an entity");
      const std::string_view entity = raw.substr(i + 1, semi - i - 1);
      if (entity == "amp")
        out.push_back('&');
      else if (entity == "lt")
        out.push_back('<');
      else if (entity == "gt")
        out.push_back('>');
      else if (entity == "quot")
        out.push_back('"');
      else if (entity == "apos")
        out.push_back('\'');
      else if (entity.size() >= 2 && entity[0] == '#') {
        const bool hex = entity[1] == 'x' || entity[1] == 'X';
        const std::string digits(entity.substr(hex ? 2 : 1));
        if (digits.empty()) return Error("empty character reference");
        char* end = nullptr;
        const unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (*end != '\0' || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return Error("bad character reference &" + std::string(entity) + ";");
        }
        AppendUtf8(out, static_cast<uint32_t>(cp));
      } else {
        return Error("unknown entity &" + std::string(entity) + ";");
      }
      i = semi;
    }
    return core::Status::Ok();
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

core::Result<std::unique_ptr<XmlElement>> ParseXml(std::string_view text) {
  return Parser(text).Run();
}

}  // namespace guomen::screening
