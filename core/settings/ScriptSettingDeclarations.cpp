#include "settings/ScriptSettingDeclarations.h"

#include <Poco/String.h>

#include <regex>
#include <sstream>

namespace passway {

std::vector<SettingDeclaration> scriptSettingDeclarations(const std::string& source, std::vector<std::string>* problems) {
    static const std::regex line(
        R"(^--\s*@setting\s+([a-z0-9_]+(?:\.[a-z0-9_]+)*)\s+(string|int|number|bool|secret|url|list)\s+("[^"]*"|\S+)\s*(.*)$)");
    std::vector<SettingDeclaration> out;
    std::istringstream in(source);
    std::string text;
    while (std::getline(in, text)) {
        const std::string trimmed = Poco::trim(text);
        if (trimmed.empty()) continue;
        if (trimmed.rfind("--", 0) != 0) break;  // the first line of code ends the header
        if (trimmed.find("@setting") == std::string::npos) continue;
        std::smatch m;
        if (!std::regex_match(trimmed, m, line)) {
            if (problems) problems->push_back("not a setting declaration: " + trimmed);
            continue;
        }
        SettingDeclaration d;
        d.key = m[1];
        d.type = m[2];
        std::string fallback = m[3];
        if (fallback.size() >= 2 && fallback.front() == '"') fallback = fallback.substr(1, fallback.size() - 2);
        d.defaultValue = fallback;
        d.description = Poco::trim(std::string(m[4]));
        d.secret = d.type == "secret";
        d.apply = "script";
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace passway
