#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace passway::net {

// HTTP header fields in the order they came, looked up without regard to
// case. Header-only: plugins use it without linking anything of the host.
class HttpHeaders {
public:
    struct Field {
        std::string name;
        std::string value;
    };

    void add(std::string name, std::string value) { fields_.push_back({std::move(name), std::move(value)}); }
    // Replaces every field of that name with one.
    void set(const std::string& name, std::string value) {
        erase(name);
        add(name, std::move(value));
    }
    void erase(std::string_view name) {
        std::erase_if(fields_, [&](const Field& f) { return equal(f.name, name); });
    }
    const std::string* find(std::string_view name) const {
        for (const auto& f : fields_)
            if (equal(f.name, name)) return &f.value;
        return nullptr;
    }
    bool has(std::string_view name) const { return find(name) != nullptr; }
    std::string get(std::string_view name, std::string fallback = {}) const {
        const std::string* value = find(name);
        return value ? *value : fallback;
    }
    const std::vector<Field>& all() const { return fields_; }
    std::size_t size() const { return fields_.size(); }

    static bool equal(std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
            if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y)) return false;
        }
        return true;
    }

private:
    std::vector<Field> fields_;
};

} // namespace passway::net
