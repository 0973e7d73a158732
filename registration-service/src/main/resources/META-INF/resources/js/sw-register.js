// Installs the mobile app's service worker, which keeps the app shell for offline use.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => {
    // The app works without it; only the offline identity list is lost.
  });
}
