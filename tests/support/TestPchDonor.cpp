// Builds the test programs' shared precompiled header (tests/CMakeLists.txt);
// the program itself is never run.
int main() { return 0; }
