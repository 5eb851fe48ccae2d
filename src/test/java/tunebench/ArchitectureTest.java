package tunebench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the three layers apart: the engine is the library under both the GUI and the CLI. */
@AnalyzeClasses(packages = "tunebench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule engineHasNoGui = noClasses()
            .that().resideInAPackage("tunebench.engine..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("javafx..", "org.controlsfx..", "io.fair_acc..")
            .because("the engine is the library shared by the GUI and the CLI, and must run"
                    + " headless on a server without JavaFX");

    @ArchTest
    static final ArchRule cliDoesNotUseTheApp = noClasses()
            .that().resideInAPackage("tunebench.cli..")
            .should().dependOnClassesThat().resideInAPackage("tunebench.app..")
            .because("CLI commands call the engine only, so scripts never start a GUI toolkit");

    @ArchTest
    static final ArchRule engineDoesNotUseItsCallers = noClasses()
            .that().resideInAPackage("tunebench.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("tunebench.app..", "tunebench.cli..")
            .because("the engine sits below the app and the CLI; their features build on it,"
                    + " never the other way round");
}
