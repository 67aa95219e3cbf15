#include "app/password_policy.hpp"

#include <gtest/gtest.h>

#include "test_env.hpp"

namespace guomen::app {
namespace {

PasswordPolicy Policy() {
  auto p = PasswordPolicy::Load(testing::SourceDir() + "/data/common-passwords.txt");
  EXPECT_TRUE(p.ok());
  return *p;
}

TEST(PasswordPolicyTest, ShipsAtLeastTenThousandCommonPasswords) {
  EXPECT_GE(Policy().deny_list_size(), 10000u);
}

TEST(PasswordPolicyTest, RejectsShortPasswords) {
  auto st = Policy().Check("Shor7-pass!", "li");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "password");
  EXPECT_EQ(st.error().Reason(), "password_too_short");
}

TEST(PasswordPolicyTest, CountsCharactersNotBytes) {
  // Twelve Chinese characters are twelve characters.
  EXPECT_TRUE(Policy().Check("国门边检出入境管理安全可靠", "li").ok());
  EXPECT_FALSE(Policy().Check("国门边检出入境", "li").ok());
}

TEST(PasswordPolicyTest, RejectsCommonPasswordsWhateverTheCase) {
  auto st = Policy().Check("QAZWSXEDCRFV", "li");  // on the list in lower case
  if (st.ok()) GTEST_FAIL() << "qazwsxedcrfv should be denied";
  EXPECT_EQ(st.error().Reason(), "password_common");
}

TEST(PasswordPolicyTest, RejectsThePasswordContainingTheUsername) {
  EXPECT_EQ(Policy().Check("zhangwei-2026-border", "zhangwei").error().Reason(),
            "password_contains_username");
}

TEST(PasswordPolicyTest, AcceptsAGoodPassphrase) {
  EXPECT_TRUE(Policy().Check("violet-ferry-gate-42", "li").ok());
}

TEST(PasswordPolicyTest, MissingDenyListIsAClearError) {
  auto p = PasswordPolicy::Load("/nonexistent/list.txt");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("/nonexistent/list.txt"), std::string::npos);
}

}  // namespace
}  // namespace guomen::app
