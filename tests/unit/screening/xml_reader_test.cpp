#include "screening/xml_reader.hpp"

#include <gtest/gtest.h>

namespace guomen::screening {
namespace {

TEST(XmlReaderTest, ElementsAttributesTextAndEntities) {
  auto doc = ParseXml(
      "<?xml version=\"1.0\"?>\n<!-- c -->\n<R a=\"1 &amp; 2\"><X>t &lt;b&gt; &#x4E2D;&#25991;</X>"
      "<E/><![CDATA[<raw>]]></R>\n");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  const XmlElement& r = **doc;
  EXPECT_EQ(r.name, "R");
  EXPECT_EQ(r.Attribute("a"), "1 & 2");
  EXPECT_EQ(r.ChildText("X"), "t <b> 中文");
  ASSERT_NE(r.Child("E"), nullptr);
  EXPECT_EQ(r.Child("missing"), nullptr);
  EXPECT_EQ(r.text, "<raw>");
}

TEST(XmlReaderTest, ErrorsNameTheLine) {
  struct Bad {
    const char* xml;
    const char* where;
  };
  for (const Bad& b :
       {Bad{"<a>\n<b>\n</a>", "line 3"}, Bad{"<a>\n<b>", "line 2"}, Bad{"<a>&bogus;</a>", "line 1"},
        Bad{"<a x=1></a>", "line 1"}, Bad{"", "line 1"}, Bad{"<a/><b/>", "line 1"},
        Bad{"<a>&#0;</a>", "line 1"}}) {
    auto doc = ParseXml(b.xml);
    ASSERT_FALSE(doc.ok()) << b.xml;
    EXPECT_EQ(doc.error().field, b.where) << b.xml << ": " << doc.error().message;
  }
}

TEST(XmlReaderTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "<a>";
  auto doc = ParseXml(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("too deep"), std::string::npos);
}

}  // namespace
}  // namespace guomen::screening
