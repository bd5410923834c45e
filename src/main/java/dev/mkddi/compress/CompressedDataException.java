package dev.mkddi.compress;

import dev.mkddi.io.InvalidInputException;

/**
 * A compressed block does not decode: the message names the algorithm, the byte offset inside the
 * block and what was expected. Callers that know the block's place in a file wrap it with that.
 * Exit code 2.
 */
public class CompressedDataException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong and where in the block
   */
  public CompressedDataException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong and where in the block
   * @param cause the library's exception
   */
  public CompressedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
