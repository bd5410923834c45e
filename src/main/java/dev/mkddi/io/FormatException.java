package dev.mkddi.io;

/**
 * A binary structure read from a file is malformed. The message names the file, the byte offset and
 * the field, with the expected and the actual value. Exit code 2.
 */
public class FormatException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long offset;
  private final String field;

  /**
   * @param file the file (or image) being read, as the user named it
   * @param offset byte offset of the bad field from the start of {@code file}
   * @param field the name of the field, e.g. {@code "GPT header signature"}
   * @param problem what is wrong, e.g. {@code "expected 'EFI PART', got 'XXXXXXXX'"}
   */
  public FormatException(String file, long offset, String field, String problem) {
    super(file + ": offset " + offset + ": " + field + ": " + problem);
    this.file = file;
    this.offset = offset;
    this.field = field;
  }

  /**
   * @return the file being read
   */
  public String file() {
    return file;
  }

  /**
   * @return byte offset of the bad field
   */
  public long offset() {
    return offset;
  }

  /**
   * @return name of the bad field
   */
  public String field() {
    return field;
  }
}
