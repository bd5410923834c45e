package dev.mkddi.uki;

/**
 * Where an added section lands in the UKI, as its section header states it.
 *
 * @param name section name
 * @param virtualAddress RVA, aligned to the stub's SectionAlignment
 * @param virtualSize content length (for {@code .linux}: the kernel's SizeOfImage)
 * @param pointerToRawData file offset, aligned to the stub's FileAlignment
 * @param sizeOfRawData content length rounded up to FileAlignment
 * @param length content bytes written at {@code pointerToRawData} (the rest is zero padding)
 */
public record UkiSectionPlacement(
    String name,
    long virtualAddress,
    long virtualSize,
    long pointerToRawData,
    long sizeOfRawData,
    long length) {}
