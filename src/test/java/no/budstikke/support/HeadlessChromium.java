package no.budstikke.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium and chromedriver for the browser tests. When they are missing and the build runs as
 * root with apt-get, it installs them; otherwise it fails with a message saying what to install — a browser test
 * never skips silently.
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Starts a fresh browser (its own profile directory) that talks only to the hub on loopback. */
    public static ChromeDriver start(Path profile) throws IOException, InterruptedException {
        ensureInstalled();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1366,900", "--user-data-dir=" + Files.createDirectories(profile));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        boolean root = "0".equals(run("id", "-u").trim());
        if (root && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            String install = run("sh", "-c", "apt-get install -y chromium chromium-driver || "
                    + "(apt-get update && apt-get install -y chromium chromium-driver)");
            if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
                return;
            }
            throw new IllegalStateException("Installing chromium and chromium-driver with apt-get failed:\n" + install);
        }
        throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver at " + CHROMIUM
                + " and " + CHROMEDRIVER + ". Install them as root: apt-get install -y chromium chromium-driver");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return output;
    }
}
