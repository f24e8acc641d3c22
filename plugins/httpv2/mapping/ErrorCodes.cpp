#include "mapping/ErrorCodes.h"

namespace passway::httpv2 {

std::string personErrorMeaning(int code) {
    switch (code) {
    case 1: return "invalid person parameters";
    case 2: return "person photo URL download failed";
    case 3: return "person photo too large (must be under 500 KB)";
    case 4: return "face feature download failed";
    case 5: return "fingerprint template download failed";
    case 6: return "palm vein template download failed";
    case 20: return "face feature duplicates another person's";
    case 21: return "fingerprint duplicates another person's";
    case 22: return "palm vein duplicates another person's";
    case 23: return "card number duplicates another person's";
    case 24: return "person storage is full";
    case 25: return "error while querying data";
    case 26: return "error while saving the person photo";
    case 27: return "face feature format error";
    case 28: return "fingerprint template format error";
    case 29: return "palm vein template format error";
    case 30: return "photo not recognisable";
    case 31: return "error while saving the fingerprint template";
    case 32: return "error while saving the palm vein template";
    default: return "terminal error code " + std::to_string(code);
    }
}

bool personErrorIsTransient(int code) {
    switch (code) {
    case 2: case 4: case 5: case 6: case 24: case 25: case 26: case 31: case 32: return true;
    default: return false;
    }
}

std::string personFailureMessage(int code, std::string_view repeatId, std::string_view errMsg) {
    std::string message = personErrorMeaning(code);
    if (!repeatId.empty() && repeatId != "0") message += " (repeats user " + std::string(repeatId) + ")";
    if (!errMsg.empty()) message += ": " + std::string(errMsg);
    return message;
}

std::string registerResultMeaning(int result) {
    switch (result) {
    case 1: return "registered";
    case 2: return "cancelled by the user";
    case 3: return "credential already registered";
    case 4: return "fingerprints not supported";
    case 5: return "palm veins not supported";
    case 6: return "device busy";
    default: return "result " + std::to_string(result);
    }
}

} // namespace passway::httpv2
