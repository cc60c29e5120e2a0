package io.latentwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the package layout of the README true. */
class ArchitectureTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.latentwatch");

    @Test
    void shouldUseDl4jOnlyWhereModelsAreBuiltTrainedRunOrJudged() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.latentwatch.model..",
                        "io.latentwatch.evaluation..",
                        "io.latentwatch.training..",
                        "io.latentwatch.scoring..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(CLASSES);
    }

    @Test
    void shouldKeepTheStreamPackageFreeOfModelCode() {
        noClasses()
                .that()
                .resideInAPackage("io.latentwatch.stream..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.latentwatch.training..", "io.latentwatch.cli..",
                        "io.latentwatch.demo..", "io.latentwatch.embedded..")
                .check(CLASSES);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("io.latentwatch.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
