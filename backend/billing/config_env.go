//go:build !dev

package billing

// ConfigFromEnv returns DefaultConfig: a release build takes its store and
// Kaiwa AI from the build, never from the environment, so the test
// overrides of a dev-tagged build (config_env_dev.go) are not even compiled
// in. getenv is not called.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	return DefaultConfig()
}
