//go:build linux && cgo && webkit2_41

package shell

// Wails v2 answers no WebKit permission request, so WebKitGTK denies
// getUserMedia with NotAllowedError. This hooks the web view's
// "permission-request" signal and grants audio-only capture to the app's own
// page. Built only with the webkit2_41 tag (every real Linux build has it),
// so plain `go test ./...` needs no webkit headers.

/*
#cgo pkg-config: gtk+-3.0 webkit2gtk-4.1
#include <string.h>
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

// The app's own page: Wails v2 on Linux always loads it from its "wails"
// URI scheme, wails://wails/ (production, and dev builds serving their
// assets) or wails://wails.localhost:PORT/ (`wails dev` with a frontend dev
// server behind the asset server).
static gboolean kaiwa_is_app_page(const gchar *uri) {
	if (uri == NULL) return FALSE;
	return strcmp(uri, "wails://wails") == 0 ||
	       g_str_has_prefix(uri, "wails://wails/") ||
	       g_str_has_prefix(uri, "wails://wails.localhost/") ||
	       g_str_has_prefix(uri, "wails://wails.localhost:");
}

// Decides every permission request itself and returns TRUE so WebKit does not
// apply its default. Only microphone capture (audio, no camera, no screen)
// asked by the app's own page is allowed.
static gboolean kaiwa_on_permission(WebKitWebView *view, WebKitPermissionRequest *req, gpointer data) {
	if (WEBKIT_IS_USER_MEDIA_PERMISSION_REQUEST(req)) {
		WebKitUserMediaPermissionRequest *m = WEBKIT_USER_MEDIA_PERMISSION_REQUEST(req);
		if (webkit_user_media_permission_is_for_audio_device(m) &&
		    !webkit_user_media_permission_is_for_video_device(m) &&
		    !webkit_user_media_permission_is_for_display_device(m) &&
		    kaiwa_is_app_page(webkit_web_view_get_uri(view))) {
			webkit_permission_request_allow(req);
			return TRUE;
		}
	}
	webkit_permission_request_deny(req);
	return TRUE;
}

// Depth-first search for the first WebKitWebView under w.
static WebKitWebView *kaiwa_find_view(GtkWidget *w) {
	if (WEBKIT_IS_WEB_VIEW(w)) return WEBKIT_WEB_VIEW(w);
	if (!GTK_IS_CONTAINER(w)) return NULL;
	WebKitWebView *found = NULL;
	GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
	for (GList *l = kids; l != NULL && found == NULL; l = l->next) found = kaiwa_find_view(GTK_WIDGET(l->data));
	g_list_free(kids);
	return found;
}

// Runs on the GTK main loop (the only thread allowed to touch widgets).
// Connects the handler once per web view; if no web view is in a window yet
// it tries again every 100 ms, for about five seconds.
static gboolean kaiwa_hook_views(gpointer data) {
	static int tries = 0;
	gboolean hooked = FALSE;
	GList *tops = gtk_window_list_toplevels();
	for (GList *l = tops; l != NULL; l = l->next) {
		WebKitWebView *view = kaiwa_find_view(GTK_WIDGET(l->data));
		if (view == NULL) continue;
		hooked = TRUE;
		if (g_object_get_data(G_OBJECT(view), "kaiwa-mic") == NULL) {
			g_object_set_data(G_OBJECT(view), "kaiwa-mic", GINT_TO_POINTER(1));
			g_signal_connect(view, "permission-request", G_CALLBACK(kaiwa_on_permission), NULL);
		}
	}
	g_list_free(tops);
	if (hooked || ++tries >= 50) tries = 0;
	else g_timeout_add(100, kaiwa_hook_views, NULL);
	return G_SOURCE_REMOVE;
}

// Safe from any thread: g_idle_add only queues work for the main loop.
static void kaiwa_allow_microphone(void) {
	g_idle_add(kaiwa_hook_views, NULL);
}
*/
import "C"

// AllowMicrophone lets the app's page use the microphone: getUserMedia with
// audio only is granted to the app's own page, every other permission request
// (camera, screen, geolocation, notifications, other pages) is denied. Call it
// from Wails's OnStartup (the hook is then in place before the page loads) or
// OnDomReady; it may be called from any goroutine and more than once (the
// handler is connected once per web view). The work runs on the GTK main loop.
func AllowMicrophone() { C.kaiwa_allow_microphone() }
