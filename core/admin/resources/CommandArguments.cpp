#include "admin/resources/CommandArguments.h"

#include "admin/http/ApiError.h"

#include <algorithm>

namespace passway::admin {

namespace {

bool isEmpty(const Poco::Dynamic::Var& value) {
    return value.isEmpty() || (value.isString() && value.extract<std::string>().empty());
}

// Whether `value` is of the declared type. A form sends text: "12" is an
// int and "true" a bool, as the plugin reads them.
bool fits(const std::string& type, const Poco::Dynamic::Var& value) {
    if (type == "int") {
        if (value.isInteger()) return true;
        if (!value.isString()) return false;
        const auto text = value.extract<std::string>();
        const std::size_t start = text[0] == '-' ? 1 : 0;
        return text.size() > start && text.size() <= 19 &&
               std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(),
                           [](char c) { return c >= '0' && c <= '9'; });
    }
    if (type == "bool") {
        if (value.isBoolean()) return true;
        return value.isString() && (value.extract<std::string>() == "true" || value.extract<std::string>() == "false");
    }
    return true;  // string: the plugin reads what it is given (some take a JSON value)
}

} // namespace

void checkCommandArguments(const std::vector<CommandDeclaration>& declared, const std::string& kind,
                           const Poco::JSON::Object::Ptr& args) {
    if (declared.empty()) return;
    const auto command = std::find_if(declared.begin(), declared.end(), [&](const auto& c) { return c.kind == kind; });
    // Plugins know more kinds than their form offers (firmware, free-form
    // device commands): an undeclared kind is the plugin's to judge.
    if (command == declared.end()) return;
    for (const auto& arg : command->args) {
        const bool given = args && args->has(arg.name) && !isEmpty(args->get(arg.name));
        if (!given) {
            if (arg.required) {
                throw ApiError(400, "missing_argument", arg.name + ": " + kind + " needs " + arg.name +
                                                            (arg.description.empty() ? "" : " (" + arg.description + ")"),
                               arg.name);
            }
            continue;
        }
        if (!fits(arg.type, args->get(arg.name))) {
            const std::string wanted = arg.type == "int" ? "an integer" : "true or false";
            throw ApiError(400, "bad_argument", arg.name + ": " + kind + " needs " + wanted, arg.name);
        }
    }
}

} // namespace passway::admin
