package dev.tandem.runtime.cli;

import picocli.CommandLine;

/**
 * Converter for count options ({@code --episodes N}): a whole number of at least 1, refused as a
 * usage error otherwise (picocli prefixes the option: "Invalid value for option '--episodes':
 * ...").
 */
final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "found '" + value + "', expected a whole number > 0");
    }
    if (n <= 0) {
      throw new CommandLine.TypeConversionException("found " + n + ", expected a whole number > 0");
    }
    return n;
  }
}
