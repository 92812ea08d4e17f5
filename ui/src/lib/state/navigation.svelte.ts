// Which page is shown. A page may send the user to another with its question
// (an anomaly's root cause opens the Explorer on it; "forecast this view").

export const DEFAULT_PAGE = "overview";

class NavigationState {
  current = $state<string>(DEFAULT_PAGE);

  go(id: string): void {
    this.current = id;
  }

  reset(): void {
    this.current = DEFAULT_PAGE;
  }
}

export const navigation = new NavigationState();
