#include "commands.hpp"

int main(int argc, char** argv) { return tmkit::cli::run_main(argc, argv); }
