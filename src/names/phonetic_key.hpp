// Phonetic keys of name tokens.
//
// PhoneticKey is guomen's key for candidate generation and the "phonetic"
// match rule. It is built for Latin renderings of names from any script, not
// for English spelling: consonant classes (B=b,p  F=f,v,ph,w-before-vowel
// T=t,d,th,dh  K=k,g,q,c-hard,ck,kh,gh,x  S=s,z,ts,c-soft  J=j,zh,dj,ch,sh,sch
// L M N R), vowels, h, y and w-after-a-consonant dropped (so Arabic and Hebrew
// renderings without short vowels meet the vowelled ones: bwtyn ~ putin),
// a leading vowel kept as "A", repeats collapsed.
//   PhoneticKey("vladimir") == PhoneticKey("wladimir") == PhoneticKey("fladymyr") == "FLTMR"
//
// Soundex is the classic American Soundex (R163 for Robert), for reference
// and for callers that need the well-known key.
//
// Input: lower-case ASCII letters; other bytes are ignored. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace guomen::names {

std::string PhoneticKey(std::string_view token);
std::string Soundex(std::string_view token);

}  // namespace guomen::names
