import App

ChengxinCommand.main()
