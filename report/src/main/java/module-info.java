/**
 * Myelin's training report: one self-contained HTML file with the run's charts. Exports the report API only;
 * XChart draws the charts through AWT (headless), hence {@code java.desktop}.
 */
module dev.myelin.report {
    requires dev.myelin.core;
    requires java.desktop;
    requires org.knowm.xchart;

    exports dev.myelin.report;
}
