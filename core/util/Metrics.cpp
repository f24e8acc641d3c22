#include "util/Metrics.h"

#include <sstream>

namespace passway {

namespace {

void renderHistogram(std::ostringstream& out, const std::string& name, const std::string& labels,
                     const Histogram& histogram) {
    const std::string prefix = labels.empty() ? std::string() : labels + ",";
    const auto counts = histogram.cumulative();
    const auto& bounds = histogram.bounds();
    for (std::size_t i = 0; i < counts.size(); ++i) {
        out << name << "_bucket{" << prefix << "le=\"";
        if (i < bounds.size()) {
            out << bounds[i];
        } else {
            out << "+Inf";
        }
        out << "\"} " << counts[i] << '\n';
    }
    const std::string braced = labels.empty() ? std::string() : "{" + labels + "}";
    out << name << "_sum" << braced << ' ' << histogram.sum() << '\n';
    out << name << "_count" << braced << ' ' << counts.back() << '\n';
}

} // namespace

Metrics::Counter& Metrics::counter(const std::string& name, const std::string& help, const std::string& labels) {
    std::lock_guard lock(mutex_);
    auto& family = families_[name];
    if (family.help.empty()) family.help = help;
    auto& slot = family.series[labels];
    if (!slot) slot = std::make_unique<Counter>(0);
    return *slot;
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help, const std::string& labels,
                             std::vector<double> bounds) {
    std::lock_guard lock(mutex_);
    auto& family = families_[name];
    if (family.help.empty()) family.help = help;
    family.isCounter = false;
    auto& slot = family.histograms[labels];
    if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
    return *slot;
}

void Metrics::gauge(const std::string& name, const std::string& help, std::function<double()> read) {
    std::lock_guard lock(mutex_);
    auto& family = families_[name];
    family.help = help;
    family.isCounter = false;
    family.read = std::move(read);
}

void Metrics::gaugeFamily(const std::string& name, const std::string& help, std::function<Series()> read) {
    std::lock_guard lock(mutex_);
    auto& family = families_[name];
    family.help = help;
    family.isCounter = false;
    family.readAll = std::move(read);
}

void Metrics::removeGauge(const std::string& name) {
    std::lock_guard lock(mutex_);
    families_.erase(name);
}

std::string Metrics::render() const {
    std::ostringstream out;
    // Whole counts up to 15 digits as they are: the stream's default of 6
    // wrote 12,345,678 records as 1.23457e+07.
    out.precision(15);
    std::lock_guard lock(mutex_);
    for (const auto& [name, family] : families_) {
        out << "# HELP " << name << ' ' << family.help << '\n';
        if (!family.histograms.empty()) {
            out << "# TYPE " << name << " histogram\n";
            for (const auto& [labels, histogram] : family.histograms) renderHistogram(out, name, labels, *histogram);
            continue;
        }
        out << "# TYPE " << name << (family.isCounter ? " counter\n" : " gauge\n");
        if (family.isCounter) {
            for (const auto& [labels, value] : family.series) {
                out << name;
                if (!labels.empty()) out << '{' << labels << '}';
                out << ' ' << value->load() << '\n';
            }
        } else if (family.readAll) {
            Series series;
            try {
                series = family.readAll();
            } catch (...) {
                // As below: a scrape never fails for one family.
            }
            for (const auto& [labels, value] : series) out << name << '{' << labels << "} " << value << '\n';
        } else {
            double value = 0;
            try {
                value = family.read ? family.read() : 0;
            } catch (...) {
                // A gauge whose source is gone reads as 0 rather than failing the scrape.
            }
            out << name << ' ' << value << '\n';
        }
    }
    return out.str();
}

} // namespace passway
