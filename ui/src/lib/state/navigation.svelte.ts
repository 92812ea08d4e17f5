// The page shown, so a page can send the user to another one with its
// question ("forecast this view").
/** The page the app opens on. */
export const DEFAULT_PAGE = "overview";

class NavigationState {
  current = $state(DEFAULT_PAGE);

  go(id: string): void {
    this.current = id;
  }

  reset(): void {
    this.current = DEFAULT_PAGE;
  }
}

export const navigation = new NavigationState();
