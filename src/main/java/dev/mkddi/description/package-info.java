/**
 * Image descriptions: kiwi's XML dialect (schema 7.4 to 8.5) plus the verity extensions of kiwi
 * issue #2801 and mkddi's own attributes, read with positions, validated against {@code
 * schemas/mkddi.xsd}, and resolved into one immutable build plan, {@link
 * dev.mkddi.description.ImageDescription}, with warnings for kiwi vocabulary mkddi does not act on
 * and problems that stop a build. {@link dev.mkddi.description.DescriptionLoader} is the entry
 * point; {@link dev.mkddi.description.PartitionPlan} and {@link dev.mkddi.cli.DescribeOutput}
 * describe the plan for {@code mkddi describe}.
 */
@NullMarked
package dev.mkddi.description;

import org.jspecify.annotations.NullMarked;
