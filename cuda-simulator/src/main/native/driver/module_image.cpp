#include "module_image.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <sstream>

namespace myelin_sim {

namespace {

constexpr char kSimMagic[] = "//MYELIN-SIM-IMAGE 1";

std::string stripComments(const std::string& in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); i++) {
        if (in[i] == '/' && i + 1 < in.size() && in[i + 1] == '/') {
            while (i < in.size() && in[i] != '\n') i++;
            out.push_back('\n');
        } else if (in[i] == '/' && i + 1 < in.size() && in[i + 1] == '*') {
            std::size_t end = in.find("*/", i + 2);
            i = end == std::string::npos ? in.size() : end + 1;
            out.push_back(' ');
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.'; }

// Width in bytes of a PTX fundamental type such as ".u64" or ".b8".
unsigned typeBytes(const std::string& type) {
    if (type.size() < 3) return 0;
    char kind = type[1];
    if (kind != 'b' && kind != 'u' && kind != 's' && kind != 'f') return 0;
    int bits = std::atoi(type.c_str() + 2);
    return bits % 8 == 0 ? unsigned(bits / 8) : 0;
}

// Size of one declaration such as ".param .align 8 .b8 p[24]" or
// ".shared .align 4 .b8 buf[1024]": the fundamental type times the array
// length (1 when there is none).
unsigned declarationBytes(const std::string& decl) {
    unsigned width = 0;
    std::istringstream words(decl);
    std::string word;
    while (words >> word) {
        if (word[0] == '.') {
            unsigned w = typeBytes(word);
            if (w != 0 && word != ".align") width = w;
        }
    }
    unsigned long count = 1;
    std::size_t open = decl.find('[');
    while (open != std::string::npos) {
        count *= std::strtoul(decl.c_str() + open + 1, nullptr, 10);
        open = decl.find('[', open + 1);
    }
    return width * unsigned(count);
}

std::size_t matching(const std::string& s, std::size_t open, char o, char c) {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); i++) {
        if (s[i] == o) depth++;
        if (s[i] == c && --depth == 0) return i;
    }
    return std::string::npos;
}

bool startsWord(const std::string& s, std::size_t at, const char* word) {
    std::size_t n = std::strlen(word);
    if (s.compare(at, n, word) != 0) return false;
    bool before = at == 0 || !isIdentChar(s[at - 1]);
    bool after = at + n >= s.size() || !isIdentChar(s[at + n]);
    return before && after;
}

// Static `.shared` declarations (not `.extern .shared`, which is the dynamic
// part) between `from` and `to`.
unsigned staticShared(const std::string& s, std::size_t from, std::size_t to) {
    unsigned total = 0;
    for (std::size_t at = s.find(".shared", from); at != std::string::npos && at < to; at = s.find(".shared", at + 1)) {
        if (!startsWord(s, at, ".shared")) continue;
        std::size_t lineStart = s.rfind('\n', at);
        lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
        if (s.substr(lineStart, at - lineStart).find(".extern") != std::string::npos) continue;
        std::size_t end = s.find(';', at);
        if (end == std::string::npos || end > to) break;
        total += declarationBytes(s.substr(at, end - at));
    }
    return total;
}

// Module-scope `.global` / `.const` variables (not `.extern`), e.g.
// ".visible .const .align 4 .b8 table[16] = {...};".
std::vector<GlobalDescription> moduleGlobals(const std::string& s) {
    std::vector<GlobalDescription> globals;
    int depth = 0;
    std::size_t statement = 0;
    for (std::size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        if (c == '{' && depth++ == 0) continue;
        if (c == '}') {
            if (--depth == 0) statement = i + 1;
            continue;
        }
        if (depth != 0 || c != ';') continue;
        std::string decl = s.substr(statement, i - statement);
        statement = i + 1;
        std::size_t eq = decl.find('=');
        if (eq != std::string::npos) decl = decl.substr(0, eq);
        bool variable = (decl.find(".global") != std::string::npos || decl.find(".const") != std::string::npos) &&
                        decl.find(".extern") == std::string::npos && decl.find(".entry") == std::string::npos &&
                        decl.find(".func") == std::string::npos;
        if (!variable) continue;
        std::size_t end = decl.find('[');
        if (end == std::string::npos) end = decl.find_last_not_of(" \t\r\n") + 1;
        std::size_t start = end;
        while (start > 0 && isIdentChar(decl[start - 1]) && decl[start - 1] != '.') start--;
        GlobalDescription g;
        g.name = decl.substr(start, end - start);
        g.bytes = declarationBytes(decl);
        if (!g.name.empty() && g.bytes != 0) globals.push_back(g);
    }
    return globals;
}

}  // namespace

ImageKind detectImageKind(const void* image) {
    const auto* bytes = static_cast<const unsigned char*>(image);
    if (std::memcmp(bytes, "\x7f" "ELF", 4) == 0) return ImageKind::Elf;
    uint32_t magic;
    std::memcpy(&magic, bytes, 4);
    if (magic == 0xBA55ED50u || magic == 0x466243B1u) return ImageKind::FatBinary;
    if (std::strncmp(reinterpret_cast<const char*>(bytes), kSimMagic, sizeof(kSimMagic) - 1) == 0)
        return ImageKind::SimulatorImage;
    return ImageKind::Ptx;
}

bool parsePtx(const std::string& raw, ModuleDescription& out, std::string& error) {
    std::string s = stripComments(raw);
    out = ModuleDescription();
    std::size_t v = s.find(".version");
    if (v == std::string::npos) {
        error = "no .version directive: not PTX";
        return false;
    }
    int major = 0, minor = 0;
    if (std::sscanf(s.c_str() + v, ".version %d.%d", &major, &minor) != 2) {
        error = "malformed .version directive";
        return false;
    }
    out.ptxIsa = major * 10 + minor;
    std::size_t t = s.find(".target");
    if (t == std::string::npos || std::sscanf(s.c_str() + t, ".target sm_%d", &out.targetSm) != 1) {
        error = "no .target sm_XY directive";
        return false;
    }
    // Module-scope static shared memory counts against every entry.
    std::vector<std::pair<std::size_t, std::size_t>> bodies;
    for (std::size_t at = s.find(".entry"); at != std::string::npos; at = s.find(".entry", at + 1)) {
        if (!startsWord(s, at, ".entry")) continue;
        std::size_t p = at + 6;
        while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) p++;
        std::size_t nameEnd = p;
        while (nameEnd < s.size() && isIdentChar(s[nameEnd])) nameEnd++;
        EntryDescription entry;
        entry.name = s.substr(p, nameEnd - p);
        std::size_t open = s.find_first_not_of(" \t\r\n", nameEnd);
        if (entry.name.empty() || open == std::string::npos) {
            error = "malformed .entry";
            return false;
        }
        std::size_t afterParams = open;
        if (s[open] == '(') {
            std::size_t close = matching(s, open, '(', ')');
            if (close == std::string::npos) {
                error = "unterminated parameter list of " + entry.name;
                return false;
            }
            std::string params = s.substr(open + 1, close - open - 1);
            std::size_t start = 0;
            while (start < params.size()) {
                std::size_t comma = params.find(',', start);
                std::string one = params.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (one.find(".param") != std::string::npos) entry.paramSizes.push_back(declarationBytes(one));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            afterParams = close + 1;
        }
        std::size_t brace = s.find_first_of("{;", afterParams);
        if (brace != std::string::npos && s[brace] == '{') {
            std::size_t end = matching(s, brace, '{', '}');
            if (end == std::string::npos) {
                error = "unterminated body of " + entry.name;
                return false;
            }
            entry.staticSharedBytes = staticShared(s, brace, end);
            bodies.emplace_back(at, end);
            out.entries.push_back(entry);
        }
    }
    // Module-scope .shared: everything outside the entry bodies.
    unsigned moduleShared = 0;
    std::size_t from = 0;
    for (auto& body : bodies) {
        moduleShared += staticShared(s, from, body.first);
        from = body.second;
    }
    moduleShared += staticShared(s, from, s.size());
    for (auto& e : out.entries) e.staticSharedBytes += moduleShared;
    out.globals = moduleGlobals(s);
    return true;
}

bool parseSimulatorImage(const std::string& text, ModuleDescription& out, std::string& error) {
    out = ModuleDescription();
    out.isPtx = false;
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string directive;
        if (!(words >> directive)) continue;
        if (directive == ".target") {
            std::string sm;
            words >> sm;
            if (std::sscanf(sm.c_str(), "sm_%d", &out.targetSm) != 1) {
                error = "malformed .target in simulator image";
                return false;
            }
        } else if (directive == ".source") {
            words >> out.source;
        } else if (directive == ".entry") {
            EntryDescription e;
            words >> e.name;
            unsigned size;
            while (words >> size) e.paramSizes.push_back(size);
            out.entries.push_back(e);
        } else if (directive == ".shared") {
            std::string name;
            unsigned bytes = 0;
            words >> name >> bytes;
            for (auto& e : out.entries)
                if (e.name == name) e.staticSharedBytes = bytes;
        } else {
            error = "unknown directive " + directive + " in simulator image";
            return false;
        }
    }
    if (out.targetSm == 0) {
        error = "simulator image without .target";
        return false;
    }
    return true;
}

namespace {

// The parts of the ELF64 format (little-endian) a CUBIN needs.
constexpr uint16_t kMachineCuda = 190;
constexpr unsigned char kFormatSizedValue = 4;  // EIFMT_SVAL: u16 size, then the value
constexpr unsigned char kFormatHalfValue = 3;   // EIFMT_HVAL: a u16 value
constexpr unsigned char kFormatByteValue = 2;   // EIFMT_BVAL
constexpr unsigned char kKernelParameterInfo = 0x17;  // EIATTR_KPARAM_INFO

template <typename T>
T readAt(const unsigned char* base, std::size_t offset) {
    T value;
    std::memcpy(&value, base + offset, sizeof value);
    return value;
}

}  // namespace

bool parseCubin(const void* image, ModuleDescription& out, std::string& error) {
    out = ModuleDescription();
    out.isPtx = false;
    const auto* elf = static_cast<const unsigned char*>(image);
    if (elf[4] != 2 || elf[5] != 1) {
        error = "not a little-endian 64-bit ELF";
        return false;
    }
    if (readAt<uint16_t>(elf, 18) != kMachineCuda) {
        error = "ELF machine " + std::to_string(readAt<uint16_t>(elf, 18)) + " is not NVIDIA CUDA (190)";
        return false;
    }
    out.targetSm = int(readAt<uint32_t>(elf, 48) & 0xff);
    uint64_t sectionsAt = readAt<uint64_t>(elf, 40);
    uint16_t sectionBytes = readAt<uint16_t>(elf, 58), sectionCount = readAt<uint16_t>(elf, 60),
             namesIndex = readAt<uint16_t>(elf, 62);
    if (sectionsAt == 0 || sectionBytes < 64 || namesIndex >= sectionCount) {
        error = "CUBIN without section headers";
        return false;
    }
    auto section = [&](unsigned i) { return elf + sectionsAt + uint64_t(i) * sectionBytes; };
    uint64_t namesAt = readAt<uint64_t>(section(namesIndex), 24);
    std::vector<std::pair<std::string, unsigned>> shared;
    for (unsigned i = 0; i < sectionCount; i++) {
        const unsigned char* header = section(i);
        std::string name = reinterpret_cast<const char*>(elf + namesAt + readAt<uint32_t>(header, 0));
        uint64_t at = readAt<uint64_t>(header, 24), size = readAt<uint64_t>(header, 32);
        if (name.rfind(".nv.shared.", 0) == 0) shared.emplace_back(name.substr(11), unsigned(size));
        if (name.rfind(".nv.info.", 0) != 0) continue;
        EntryDescription entry;
        entry.name = name.substr(9);
        std::vector<std::pair<unsigned, unsigned>> params;  // (ordinal, bytes)
        for (uint64_t p = at; p + 2 <= at + size;) {
            unsigned char format = elf[p], attribute = elf[p + 1];
            if (format == kFormatSizedValue) {
                uint16_t length = readAt<uint16_t>(elf, p + 2);
                if (attribute == kKernelParameterInfo && length >= 12) {
                    // u32 index, u16 ordinal, u16 offset, u32 flags whose bits 18..31 are the size in bytes
                    params.emplace_back(readAt<uint16_t>(elf, p + 8), readAt<uint32_t>(elf, p + 12) >> 18);
                }
                p += 4 + length;
            } else if (format == kFormatHalfValue || format == kFormatByteValue) {
                p += 4;
            } else {
                p += 2;
            }
        }
        std::sort(params.begin(), params.end());
        for (auto& [ordinal, bytes] : params) {
            if (ordinal != entry.paramSizes.size()) {
                error = "CUBIN entry " + entry.name + " lacks the size of parameter " + std::to_string(entry.paramSizes.size());
                return false;
            }
            entry.paramSizes.push_back(bytes);
        }
        out.entries.push_back(entry);
    }
    for (auto& [name, bytes] : shared)
        for (auto& e : out.entries)
            if (e.name == name) e.staticSharedBytes = bytes;
    if (out.targetSm == 0 || out.entries.empty()) {
        error = "CUBIN without an architecture or entries";
        return false;
    }
    return true;
}

}  // namespace myelin_sim
